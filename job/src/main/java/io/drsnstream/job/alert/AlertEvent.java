package io.drsnstream.job.alert;

/**
 * The job's record of a change in a sensor's alert: a Flink POJO that becomes the Avro contract
 * {@code SensorAlert} only in the sink. Field meanings are the contract's.
 */
public class AlertEvent {

    public String alertId;
    public String machineId;

    /** Null when alerts pool a machine's sensors. */
    public String sensorId;

    /** Name of an {@code AlertKind} symbol. */
    public String kind;

    public String label;
    public float labelShare;
    public float meanAnomalyScore;
    public float peakAnomalyScore;
    public long firstWindowStartMicros;
    public long lastWindowEndMicros;
    public long windowsCounted;
    public float anomalyThreshold;
    public String modelVersion;
    public long eventTimeMicros;
    public long processedAtMillis;

    public AlertEvent() {}

    /** The record key of the alert's topic: the sensor, or the machine when sensors are pooled. */
    public String key() {
        return sensorId != null ? sensorId : machineId;
    }

    @Override
    public String toString() {
        return "AlertEvent{"
                + kind
                + " "
                + alertId
                + " "
                + key()
                + " "
                + label
                + " mean="
                + meanAnomalyScore
                + "}";
    }
}
