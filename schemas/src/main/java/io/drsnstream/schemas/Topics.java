package io.drsnstream.schemas;

/** Default names of the topics whose contracts this module defines; deployments may rename them. */
public final class Topics {

    /** {@link SensorChunk} records, key = sensorId. */
    public static final String SENSOR_CHUNKS = "sensor-chunks";

    /** {@link ScoredWindow} records, key = sensorId. */
    public static final String SENSOR_SCORES = "sensor-scores";

    /** {@link DeadLetter} records, key = the source record's key. */
    public static final String DEAD_LETTERS = "sensor-dead-letters";

    /** {@link SensorAlert} records, key = sensorId (machineId when alerts pool a machine's sensors). */
    public static final String SENSOR_ALERTS = "sensor-alerts";

    private Topics() {}
}
