package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        LatencyHistogram h = new LatencyHistogram(1_000);
        for (int i = 1; i <= 100; i++) {
            h.record(i);
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentile(0.50)).isEqualTo(50);
        assertThat(h.percentile(0.95)).isEqualTo(95);
        assertThat(h.percentile(0.99)).isEqualTo(99);
        assertThat(h.percentile(1.0)).isEqualTo(100);
        assertThat(h.summary()).containsEntry("minMs", 1L).containsEntry("maxMs", 100L);
    }

    @Test
    void valuesAboveTheCeilingCountAsOverflowAndKeepTheExactMaximum() {
        LatencyHistogram h = new LatencyHistogram(10);
        h.record(5);
        h.record(50_000);
        h.record(-3);
        assertThat(h.summary()).containsEntry("overflow", 1L).containsEntry("maxMs", 50_000L);
        assertThat(h.percentile(1.0)).isEqualTo(50_000);
        assertThat(h.percentile(0.3)).isZero();
        h.reset();
        assertThat(h.percentile(0.5)).isEqualTo(-1);
    }
}
