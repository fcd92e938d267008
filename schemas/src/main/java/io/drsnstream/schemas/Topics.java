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

    /**
     * {@link AlertPolicyOverride} records, compacted, key = {@code <scope>:<id>} (see {@link
     * #alertConfigKey}); a tombstone removes an override.
     */
    public static final String SENSOR_ALERT_CONFIG = "sensor-alert-config";

    /**
     * {@link ScoredWindow} records of the shadow model (see {@link ModelCommand}), key = sensorId;
     * empty while no model is shadowing.
     */
    public static final String SENSOR_SCORES_SHADOW = "sensor-scores-shadow";

    /** {@link ModelCommand} records, key = commandId, one partition (commands apply in order). */
    public static final String MODEL_CONTROL = "model-control";

    /** {@link ModelStatus} records, key = commandId: each scoring subtask's answer to each command. */
    public static final String MODEL_STATUS = "model-status";

    /** The record key of an override in {@link #SENSOR_ALERT_CONFIG}, e.g. {@code sensor:m-1/acc-0}. */
    public static String alertConfigKey(OverrideScope scope, String id) {
        return scope.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }

    private Topics() {}
}
