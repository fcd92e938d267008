package io.drsnstream.sim;

/**
 * A block of consecutive samples from one simulated accelerometer, with the simulator's ground
 * truth. A plain object: the demo converts it to the Avro {@code SimulatedChunk} of the schemas
 * module (same field meanings; {@code state}, {@code severity}, {@code noise} and {@code snrDb}
 * are simulator-only ground truth for tests and dashboards).
 * Being a record holding an array, {@code equals} compares the sample arrays by identity;
 * compare {@code samples()} with {@link java.util.Arrays#equals(float[], float[])}.
 *
 * @param machineId machine the sensor is mounted on
 * @param sensorId sensor identifier
 * @param seq sequence number, 0, 1, 2, ... per sensor
 * @param startTimeMicros time of the first sample, microseconds since the Unix epoch; sample
 *     {@code i} was taken at {@code startTimeMicros + i * 1e6 / sampleRateHz}
 * @param sampleRateHz sample rate
 * @param samples the acceleration samples (g)
 * @param shaftHz input shaft speed at the first sample
 * @param load load (fraction of rated load)
 * @param state true health state at the first sample
 * @param severity true fault severity at the first sample (0 when healthy)
 * @param noise added noise in force at the first sample
 * @param snrDb SNR of the added noise (NaN for {@link NoiseType#NONE})
 */
public record SimulatedChunk(
        String machineId,
        String sensorId,
        long seq,
        long startTimeMicros,
        double sampleRateHz,
        float[] samples,
        double shaftHz,
        double load,
        HealthState state,
        double severity,
        NoiseType noise,
        double snrDb) {}
