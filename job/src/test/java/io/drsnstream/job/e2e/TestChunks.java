package io.drsnstream.job.e2e;

import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.SensorChunks;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.SimulatedChunk;
import io.drsnstream.sim.Timeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Input chunks for the end-to-end tests, from the simulator, in the wire format's record. */
final class TestChunks {

    static final double RATE = 12_800.0;
    static final int CHUNK = 256;
    static final long T0_MICROS = 1_764_000_000_000_000L;

    private TestChunks() {}

    /** {@code chunks} consecutive chunks of a simulated sensor in a constant health state, no noise. */
    static List<SensorChunk> sensor(
            String machineId, String sensorId, HealthState state, int chunks, long seed) {
        SensorStream stream =
                SensorStream.builder(machineId, sensorId)
                        .seed(seed)
                        .sampleRateHz(RATE)
                        .chunkSize(CHUNK)
                        .startTimeMicros(T0_MICROS)
                        .timeline(
                                Timeline.constant(state, state == HealthState.HEALTHY ? 0.0 : 0.8))
                        .build();
        List<SensorChunk> result = new ArrayList<>();
        for (int i = 0; i < chunks; i++) {
            result.add(toAvro(stream.next()));
        }
        return result;
    }

    static SensorChunk toAvro(SimulatedChunk chunk) {
        return SensorChunks.builder(
                        chunk.machineId(),
                        chunk.sensorId(),
                        chunk.seq(),
                        chunk.startTimeMicros(),
                        chunk.sampleRateHz(),
                        chunk.samples())
                .setShaftHz(chunk.shaftHz())
                .setLoad(chunk.load())
                .build();
    }

    /** All sensors' chunks merged in event-time order, as a fleet would send them. */
    static List<SensorChunk> interleaved(List<List<SensorChunk>> sensors) {
        List<SensorChunk> all = new ArrayList<>();
        sensors.forEach(all::addAll);
        all.sort(
                Comparator.comparing(SensorChunk::getStartTime)
                        .thenComparing(SensorChunk::getSensorId));
        return all;
    }

    /**
     * One chunk per partition an hour after everything else: it moves every partition's
     * watermark past the test data, so that the last windows are assembled.
     */
    static SensorChunk watermarkFlush(int partition) {
        return SensorChunks.watermarkFlush("flush", partition, T0_MICROS + 3_600_000_000L, RATE);
    }

    static boolean isFlush(String sensorId) {
        return sensorId.startsWith("watermark-flush-");
    }
}
