package io.drsnstream.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The one place that builds {@link SensorChunk} records from samples: the demo's producer, the
 * benchmarks, the job's re-encoding of a rejected chunk and the tests all go through it, so the
 * contract's required fields and time unit are set the same way everywhere.
 */
public final class SensorChunks {

    private SensorChunks() {}

    /**
     * An Avro builder with the required fields set; the optional ones ({@code unit} "g",
     * {@code shaftHz} and {@code load} null) keep the schema's defaults unless set on it.
     *
     * @param startMicros time of the first sample, microseconds since the epoch
     * @param samples the samples, boxed once: Avro's record holds a {@code List<Float>}, and a
     *     caller that sends one sample block many times passes the same list
     */
    public static SensorChunk.Builder builder(
            String machineId,
            String sensorId,
            long seq,
            long startMicros,
            double sampleRateHz,
            List<Float> samples) {
        return SensorChunk.newBuilder()
                .setMachineId(machineId)
                .setSensorId(sensorId)
                .setSeq(seq)
                .setStartTime(EpochMicros.toInstant(startMicros))
                .setSampleRateHz(sampleRateHz)
                .setSamples(samples);
    }

    /** As {@link #builder(String, String, long, long, double, List)}, boxing {@code samples}. */
    public static SensorChunk.Builder builder(
            String machineId,
            String sensorId,
            long seq,
            long startMicros,
            double sampleRateHz,
            float[] samples) {
        return builder(machineId, sensorId, seq, startMicros, sampleRateHz, boxed(samples));
    }

    /**
     * A one-sample chunk of a sensor that sends nothing else, far ahead in event time: sent to a
     * partition after a bounded backlog (a test, a benchmark), it moves that partition's
     * watermark past the backlog, so that the job assembles the backlog's last windows.
     */
    public static SensorChunk watermarkFlush(
            String machineId, int partition, long startMicros, double sampleRateHz) {
        return builder(
                        machineId,
                        "watermark-flush-" + partition,
                        0,
                        startMicros,
                        sampleRateHz,
                        List.of(0f))
                .build();
    }

    /** The samples as the unmodifiable {@code List<Float>} the Avro record holds. */
    public static List<Float> boxed(float[] samples) {
        List<Float> values = new ArrayList<>(samples.length);
        for (float sample : samples) {
            values.add(sample);
        }
        return Collections.unmodifiableList(values);
    }
}
