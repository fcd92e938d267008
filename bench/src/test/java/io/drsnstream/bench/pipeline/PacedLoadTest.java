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

    @Test
    void theWindowsOfTheChunksSentBeforeTheStop() {
        ChunkFactory fleet = new ChunkFactory(4, 256, 12_800.0, 2, 1);
        PacedLoad load = new PacedLoad(fleet, 2, ORIGIN, 2048, 2048);
        // Chunks of 20 ms: sensor 0 sends at 20, 40, ... ms; sensor 3 5 ms... later (15 ms offset).
        assertThat(load.chunksDueBy(0, ORIGIN + 160_000)).isEqualTo(8);
        assertThat(load.chunksDueBy(3, ORIGIN + 160_000)).isEqualTo(7);
        assertThat(load.chunksDueBy(0, ORIGIN + 19_999)).isZero();
        // 8 chunks of 256 hold one window of 2048; 15 chunks still one; 16 two.
        assertThat(load.windowsIn(7)).isZero();
        assertThat(load.windowsIn(8)).isEqualTo(1);
        assertThat(load.windowsIn(15)).isEqualTo(1);
        assertThat(load.windowsIn(16)).isEqualTo(2);
    }

    @Test
    void aScoresWindowStartNamesItsWindow() {
        ChunkFactory fleet = new ChunkFactory(4, 256, 12_800.0, 2, 1);
        PacedLoad load = new PacedLoad(fleet, 2, ORIGIN, 2048, 1024);
        long origin2 = load.sensorOriginMicros(2);
        assertThat(load.windowIndex(2, origin2)).isZero();
        // Window 5 starts 5 x 1024 samples = 400 ms later; the job's rounding may differ by 1 us.
        assertThat(load.windowIndex(2, origin2 + 400_000)).isEqualTo(5);
        assertThat(load.windowIndex(2, origin2 + 400_001)).isEqualTo(5);
        // Half a hop off is no window of this sensor.
        assertThat(load.windowIndex(2, origin2 + 440_000)).isEqualTo(-1);
        assertThat(load.windowIndex(2, origin2 - 80_000)).isEqualTo(-1);
    }
}
