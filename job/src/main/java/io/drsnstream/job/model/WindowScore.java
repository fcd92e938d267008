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
    /** Share of the network's features zeroed by its soft thresholds: not a noise indicator. */
    public float shrinkage;
    public String modelVersion;
    public long scoredAtMillis;
    /** Estimated share of the window's power in its broadband noise floor, in [0, 1]. */
    public float noiseLevel;

    public WindowScore() {}

    @Override
    public String toString() {
        return "WindowScore{" + sensorId + " seq " + firstSeq + ".." + lastSeq + " " + label + " p=" + confidence + "}";
    }
}
