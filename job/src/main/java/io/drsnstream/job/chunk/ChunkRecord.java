package io.drsnstream.job.chunk;

import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.SensorChunks;

/**
 * A decoded {@code SensorChunk} inside the job, with the Kafka coordinates it came from so that
 * a later rejection (late, duplicate) can still name them in its dead letter.
 *
 * <p>A Flink POJO (public fields, no-arg constructor) so that Flink's own serializer handles it,
 * not Kryo; the samples stay a primitive {@code float[]}.
 */
public class ChunkRecord {

    public String machineId;
    public String sensorId;
    public long seq;

    /** Time of the first sample, microseconds since the epoch. */
    public long startMicros;

    public double sampleRateHz;
    public float[] samples;
    public String unit;
    public Double shaftHz;
    public Double load;

    public SourceCoordinates source;

    public ChunkRecord() {}

    public static ChunkRecord fromAvro(SensorChunk chunk, SourceCoordinates source) {
        ChunkRecord record = new ChunkRecord();
        record.machineId = chunk.getMachineId();
        record.sensorId = chunk.getSensorId();
        record.seq = chunk.getSeq();
        record.startMicros = EpochMicros.of(chunk.getStartTime());
        record.sampleRateHz = chunk.getSampleRateHz();
        var values = chunk.getSamples();
        float[] samples = new float[values.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = values.get(i);
        }
        record.samples = samples;
        record.unit = chunk.getUnit();
        record.shaftHz = chunk.getShaftHz();
        record.load = chunk.getLoad();
        record.source = source;
        return record;
    }

    /** The chunk as the producer sent it (used as the payload of its dead letter). */
    public SensorChunk toAvro() {
        return SensorChunks.builder(machineId, sensorId, seq, startMicros, sampleRateHz, samples)
                .setUnit(unit == null ? "g" : unit)
                .setShaftHz(shaftHz)
                .setLoad(load)
                .build();
    }

    /** Event time in milliseconds (Flink's unit). */
    public long startMillis() {
        return Math.floorDiv(startMicros, 1000L);
    }

    @Override
    public String toString() {
        return "ChunkRecord{"
                + sensorId
                + " seq="
                + seq
                + " start="
                + startMicros
                + "us n="
                + (samples == null ? 0 : samples.length)
                + " from "
                + source
                + "}";
    }
}
