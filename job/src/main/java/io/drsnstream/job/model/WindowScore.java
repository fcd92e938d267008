package io.drsnstream.job.model;

/** The network's verdict on one {@link SampleWindow}; becomes a {@code ScoredWindow} in the sink. */
public class WindowScore {

    public String machineId;
    public String sensorId;
    public long startMicros;
    public long endMicros;
    public long firstSeq;
    public long lastSeq;
    public int sampleCount;
    public String label;
    public float confidence;
    /** Probability per class, in the order of {@link #classLabels}. */
    public float[] probabilities;
    public String[] classLabels;
    public float anomalyScore;
    public boolean anomaly;
    public float shrinkage;
    public String modelVersion;
    public long scoredAtMillis;

    public WindowScore() {}

    @Override
    public String toString() {
        return "WindowScore{" + sensorId + " seq " + firstSeq + ".." + lastSeq + " " + label + " p=" + confidence + "}";
    }
}
