package io.drsnstream.bench.pipeline;

import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.SensorChunks;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.Timeline;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded {@code SensorChunk} records for a fleet of simulated sensors, as the demo's producer
 * writes them (single-object Avro, key = sensorId).
 *
 * <p>Simulating every sample of a 200-sensor fleet in real time would take CPU from the pipeline
 * under test, so the simulator runs once at start-up: a pool of consecutive chunks per health
 * state, which each sensor cycles through from its own offset. Only the contents repeat; seq and
 * timestamps are those of an unbroken stream, and the model's cost does not depend on the
 * values. Sensor {@code s} is in health state {@code s mod 8}.
 */
public final class ChunkFactory {

    private final int sensors;
    private final int chunkSamples;
    private final double sampleRateHz;
    private final SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();

    /** pool.get(state).get(chunk): boxed once, since Avro's record holds a List of Float. */
    private final List<List<List<Float>>> pool = new ArrayList<>();

    private final String[] machineIds;
    private final String[] sensorIds;
    private final byte[][] keys;

    /**
     * @param sensors fleet size
     * @param chunkSamples samples per chunk
     * @param sampleRateHz the model's sample rate
     * @param poolChunks distinct chunks simulated per health state
     * @param seed simulator seed
     */
    public ChunkFactory(
            int sensors, int chunkSamples, double sampleRateHz, int poolChunks, long seed) {
        this.sensors = sensors;
        this.chunkSamples = chunkSamples;
        this.sampleRateHz = sampleRateHz;
        HealthState[] states = HealthState.values();
        for (int st = 0; st < states.length; st++) {
            HealthState state = states[st];
            SensorStream stream =
                    SensorStream.builder("pool", "pool-" + state)
                            .seed(seed + st)
                            .sampleRateHz(sampleRateHz)
                            .chunkSize(chunkSamples)
                            .timeline(
                                    Timeline.constant(
                                            state, state == HealthState.HEALTHY ? 0.0 : 0.8))
                            .build();
            List<List<Float>> chunks = new ArrayList<>(poolChunks);
            for (int c = 0; c < poolChunks; c++) {
                chunks.add(SensorChunks.boxed(stream.next().samples()));
            }
            pool.add(chunks);
        }
        machineIds = new String[sensors];
        sensorIds = new String[sensors];
        keys = new byte[sensors][];
        for (int s = 0; s < sensors; s++) {
            machineIds[s] = String.format("machine-%03d", s / 4);
            sensorIds[s] = machineIds[s] + "/acc-" + (s % 4);
            keys[s] = sensorIds[s].getBytes(StandardCharsets.UTF_8);
        }
    }

    public int sensors() {
        return sensors;
    }

    public int chunkSamples() {
        return chunkSamples;
    }

    /** Start of chunk {@code seq} of a stream whose first sample is at {@code originMicros}. */
    public long chunkStartMicros(long originMicros, long seq) {
        return originMicros + micros(seq * chunkSamples);
    }

    /** Microseconds of {@code samples} samples, rounded as the job's window assembler rounds. */
    public long micros(long samples) {
        return Math.round(samples * 1_000_000.0 / sampleRateHz);
    }

    public byte[] key(int sensor) {
        return keys[sensor];
    }

    public String sensorId(int sensor) {
        return sensorIds[sensor];
    }

    /** The encoded chunk {@code seq} of a sensor, starting at {@code startMicros}. */
    public byte[] encode(int sensor, long seq, long startMicros) {
        List<List<Float>> chunks = pool.get(sensor % pool.size());
        List<Float> samples = chunks.get((int) ((seq + 7L * sensor) % chunks.size()));
        return codec.encode(
                SensorChunks.builder(
                                machineIds[sensor],
                                sensorIds[sensor],
                                seq,
                                startMicros,
                                sampleRateHz,
                                samples)
                        .setShaftHz(25.0)
                        .setLoad(0.5)
                        .build());
    }

    /**
     * A one-sample chunk of a sensor that sends nothing else, far ahead in event time: sent to
     * every partition after a backlog, it moves each partition's watermark past the backlog so
     * that its last windows are assembled (the job waits for the watermark).
     */
    public byte[] watermarkFlush(int partition, long startMicros) {
        return codec.encode(
                SensorChunks.watermarkFlush("bench", partition, startMicros, sampleRateHz));
    }
}
