package io.drsnstream.job.alert;

/**
 * The alert rule's counts (and optionally its threshold) for one sensor or machine, from the
 * Avro contract {@code AlertPolicyOverride}; a Flink POJO held in broadcast state.
 */
public class AlertOverride {

    public int raiseWindows;
    public int windowCount;
    public int clearWindows;

    /** Null: the job's threshold. */
    public Float anomalyThreshold;

    public AlertOverride() {}

    public AlertOverride(
            int raiseWindows, int windowCount, int clearWindows, Float anomalyThreshold) {
        this.raiseWindows = raiseWindows;
        this.windowCount = windowCount;
        this.clearWindows = clearWindows;
        this.anomalyThreshold = anomalyThreshold;
    }

    @Override
    public String toString() {
        return raiseWindows
                + " of "
                + windowCount
                + " to raise, "
                + clearWindows
                + " to clear"
                + (anomalyThreshold == null ? "" : ", threshold " + anomalyThreshold);
    }
}
