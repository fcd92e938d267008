package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencySummaryTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Histogram h = LatencySummary.newHistogram();
        for (int i = 1; i <= 100; i++) {
            h.recordValue(i);
        }
        LatencySummary summary = LatencySummary.of(h);
        assertThat(summary.count()).isEqualTo(100);
        assertThat(summary.p50Ms()).isEqualTo(50);
        assertThat(summary.p90Ms()).isEqualTo(90);
        assertThat(summary.p95Ms()).isEqualTo(95);
        assertThat(summary.p99Ms()).isEqualTo(99);
        assertThat(summary.p999Ms()).isEqualTo(100);
        assertThat(LatencySummary.percentile(h, 100)).isEqualTo(100);
        assertThat(summary.minMs()).isEqualTo(1L);
        assertThat(summary.maxMs()).isEqualTo(100L);
        assertThat(summary.meanMs()).isEqualTo(50.5);
        assertThat(summary.overflow()).isZero();
    }

    @Test
    void latenciesUpTo262SecondsAreKeptToTheMillisecond() {
        // An at-least-once latency, an exactly-once one (about the 10 s checkpoint interval), the
        // last exact value.
        Histogram h = LatencySummary.newHistogram();
        h.recordValue(216);
        h.recordValue(10_117);
        h.recordValue(262_143);
        LatencySummary summary = LatencySummary.of(h);
        assertThat(summary.minMs()).isEqualTo(216L);
        assertThat(summary.p50Ms()).isEqualTo(10_117);
        assertThat(summary.maxMs()).isEqualTo(262_143L);
        assertThat(summary.meanMs()).isEqualTo((216 + 10_117 + 262_143) / 3.0);
    }

    @Test
    void valuesAboveTheCeilingCountAsOverflowAndStillInThePercentiles() {
        Histogram h = LatencySummary.newHistogram();
        h.recordValue(5);
        h.recordValue(LatencySummary.CEILING_MS);
        h.recordValue(3_000_000);
        LatencySummary summary = LatencySummary.of(h);
        assertThat(summary.count()).isEqualTo(3);
        assertThat(summary.overflow()).isEqualTo(1);
        // Above 262,143 ms to within 0.001 %.
        assertThat(summary.maxMs()).isCloseTo(3_000_000L, within(30L));
        assertThat(summary.p99Ms()).isCloseTo(3_000_000L, within(30L));
        assertThat(summary.p50Ms()).isCloseTo(LatencySummary.CEILING_MS, within(6L));
        assertThat(summary.minMs()).isEqualTo(5L);
    }

    @Test
    void anEmptyHistogramHasNoValues() {
        Histogram h = LatencySummary.newHistogram();
        h.recordValue(7);
        h.reset();
        LatencySummary summary = LatencySummary.of(h);
        assertThat(summary.count()).isZero();
        assertThat(
                        List.of(
                                summary.p50Ms(),
                                summary.p90Ms(),
                                summary.p95Ms(),
                                summary.p99Ms(),
                                summary.p999Ms()))
                .containsOnly(-1L);
        assertThat(summary.meanMs()).isNull();
        assertThat(summary.minMs()).isNull();
        assertThat(summary.maxMs()).isNull();
        assertThat(summary.overflow()).isZero();
    }

    @Test
    void theSoakCsvReportsTheLatenciesOfEachIntervalOnly(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("soak.csv");
        try (SoakRecorder soak = new SoakRecorder(csv, 1)) {
            for (int i = 1; i <= 100; i++) {
                soak.recordLatency(i);
            }
            soak.sample(0.0, 100);
            soak.sample(1.0, 100);
            soak.recordLatency(42);
            soak.sample(2.0, 101);
        }
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0))
                .endsWith(",windows_measured,interval_windows,interval_p50_ms,interval_p99_ms");
        assertThat(lines.get(1)).endsWith(",100,100,50,99");
        assertThat(lines.get(2)).endsWith(",100,0,-1,-1");
        assertThat(lines.get(3)).endsWith(",101,1,42,42");
    }
}
