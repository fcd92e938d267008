package io.drsnstream.job.alert;

/**
 * What the job remembers of one sensor (or one machine) between its windows: the evidence (the
 * latest n windows, oldest overwritten first) and the alert that is open, if any. A Flink POJO,
 * the value of the alert operator's keyed state; {@link AlertRule} reads and changes it.
 *
 * <p>Size per key: about 20 bytes per window of evidence plus the label strings (interned by
 * the model: eight names), so some 250 bytes at n = 10.
 */
public class SensorHealth {

    public String key;
    public String machineId;

    /** Null when the state pools a machine's sensors. */
    public String sensorId;

    // The evidence: ring buffers of windowCount entries.
    public boolean[] anomalous;
    public float[] scores;
    public String[] labels;
    public long[] windowStartsMicros;

    /** Where the next window goes. */
    public int next;

    /** How many entries hold a window (up to the ring's length). */
    public int filled;

    public long lastWindowEndMicros;
    public String modelVersion;

    /** The event-time timer (ms) that ends the alert when the sensor goes silent; 0 when none. */
    public long silenceTimerMillis;

    // The open alert; alertId is null when none is open.
    public String alertId;
    public long alertFirstWindowStartMicros;
    public long alertRaisedAtMicros;
    public long alertLastUpdateMicros;
    public String reportedLabel;
    public int reportedScoreStep;
    public float peakAnomalyScore;
    public long windowsCounted;

    public SensorHealth() {}

    public boolean hasOpenAlert() {
        return alertId != null;
    }
}
