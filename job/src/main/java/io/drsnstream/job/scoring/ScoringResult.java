package io.drsnstream.job.scoring;

/**
 * The job's record of the network's output for one {@link SampleWindow}: a Flink POJO that
 * becomes the Avro contract {@code ScoredWindow} only in the sink.
 */
public class ScoringResult {

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

    public ScoringResult() {}

    @Override
    public String toString() {
        return "ScoringResult{"
                + sensorId
                + " seq "
                + firstSeq
                + ".."
                + lastSeq
                + " "
                + label
                + " p="
                + confidence
                + "}";
    }
}
