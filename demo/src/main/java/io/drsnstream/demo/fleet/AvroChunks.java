package io.drsnstream.demo.fleet;

import io.drsnstream.schemas.SensorChunk;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Turns a simulator chunk into the {@code SensorChunk} record of the {@code sensor-chunks} topic. */
public final class AvroChunks {

    private AvroChunks() {}

    public static SensorChunk toAvro(io.drsnstream.sim.SensorChunk chunk) {
        float[] values = chunk.samples();
        List<Float> samples = new ArrayList<>(values.length);
        for (float value : values) {
            samples.add(value);
        }
        return SensorChunk.newBuilder()
                .setMachineId(chunk.machineId())
                .setSensorId(chunk.sensorId())
                .setSeq(chunk.seq())
                .setStartTime(Instant.EPOCH.plus(chunk.startTimeMicros(), ChronoUnit.MICROS))
                .setSampleRateHz(chunk.sampleRateHz())
                .setSamples(samples)
                .setShaftHz(chunk.shaftHz())
                .setLoad(chunk.load())
                .build();
    }
}
