package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacedLoadTest {

    private static final long ORIGIN = 1_764_000_000_000_000L;

    @Test
    void chunksAreSentWhenTheirLastSampleExistsAndSensorsAreSpreadOverOneChunk() {
        ChunkFactory fleet = new ChunkFactory(4, 256, 12_800.0, 2, 1);
        PacedLoad load = new PacedLoad(fleet, 2, ORIGIN, 2048, 2048);
        // 256 samples at 12.8 kHz = 20 ms; 4 sensors 5 ms apart.
        assertThat(load.sendMicros(0, 0)).isEqualTo(ORIGIN + 20_000);
        assertThat(load.sendMicros(3, 0)).isEqualTo(ORIGIN + 15_000 + 20_000);
        assertThat(load.sendMicros(0, 1)).isEqualTo(ORIGIN + 40_000);
        // A window of 2048 samples is 160 ms and ends with the send of its 8th chunk.
        assertThat(load.windowEndMicros(1, 0)).isEqualTo(load.sendMicros(1, 7));
        assertThat(load.windowsPerSecond()).isEqualTo(4 * 6.25);
    }

    @Test
    void countsTheWindowsThatEndInASpan() {
        ChunkFactory fleet = new ChunkFactory(4, 256, 12_800.0, 2, 1);
        PacedLoad load = new PacedLoad(fleet, 1, ORIGIN, 2048, 2048);
        // One second holds 6.25 windows per sensor: ends at 160, 320, ..., 960 ms (+ 0..15 ms
        // offsets).
        assertThat(load.windowsEndingIn(ORIGIN, ORIGIN + 1_000_000)).isEqualTo(4 * 6);
        assertThat(load.windowsEndingIn(ORIGIN + 160_000, ORIGIN + 160_000)).isEqualTo(1);
    }

    @Test
    void overlappingWindowsFollowTheHop() {
        ChunkFactory fleet = new ChunkFactory(1, 256, 12_800.0, 2, 1);
        PacedLoad load = new PacedLoad(fleet, 1, ORIGIN, 2048, 1024);
        assertThat(load.windowEndMicros(0, 0)).isEqualTo(ORIGIN + 160_000);
        assertThat(load.windowEndMicros(0, 1)).isEqualTo(ORIGIN + 240_000);
        assertThat(load.windowsPerSecond()).isEqualTo(12.5);
    }
}
