package io.drsnstream.job.window;

/** Exactly N contiguous samples of one sensor, ready to be scored. A Flink POJO. */
public class SampleWindow {

    public String machineId;
    public String sensorId;

    /** Time of the first sample, microseconds since the epoch. */
    public long startMicros;

    /** Time just after the last sample (exclusive), microseconds since the epoch. */
    public long endMicros;

    public long firstSeq;
    public long lastSeq;
    public float[] samples;

    public SampleWindow() {}

    @Override
    public String toString() {
        return "SampleWindow{"
                + sensorId
                + " seq "
                + firstSeq
                + ".."
                + lastSeq
                + " ["
                + startMicros
                + ", "
                + endMicros
                + ")us n="
                + (samples == null ? 0 : samples.length)
                + "}";
    }
}
