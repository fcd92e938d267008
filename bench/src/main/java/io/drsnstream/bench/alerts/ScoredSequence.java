package io.drsnstream.bench.alerts;

import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.job.scoring.ScoringResult;
import java.util.Arrays;
import java.util.List;

/**
 * One sensor's windows in order, each kept as the part of its score the alert rule reads: times,
 * label, confidence and anomaly score. Scored once, replayed through as many policies as wanted.
 */
public final class ScoredSequence {

    private final String sensorId;
    private final List<String> labels;
    private final String modelVersion;
    private final float anomalyThreshold;
    private long[] startMicros = new long[64];
    private long[] endMicros = new long[64];
    private float[] anomalyScores = new float[64];
    private float[] confidences = new float[64];
    private byte[] labelIndexes = new byte[64];
    private int size;

    /**
     * @param labels the model's labels, in class-index order
     * @param anomalyThreshold the scoring threshold, for {@link ScoringResult#anomaly}
     */
    public ScoredSequence(
            String sensorId, List<String> labels, String modelVersion, float anomalyThreshold) {
        if (labels.size() > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("too many labels: " + labels.size());
        }
        this.sensorId = sensorId;
        this.labels = List.copyOf(labels);
        this.modelVersion = modelVersion;
        this.anomalyThreshold = anomalyThreshold;
    }

    /** Appends the scorer's verdict on the window {@code [startMicros, endMicros)}. */
    public void add(long startMicros, long endMicros, ScoreResult result) {
        add(
                startMicros,
                endMicros,
                result.classIndex(),
                result.confidence(),
                result.anomalyScore());
    }

    /** Appends a window's verdict given by its parts. */
    public void add(
            long startMicros,
            long endMicros,
            int labelIndex,
            float confidence,
            float anomalyScore) {
        if (size == this.startMicros.length) {
            int capacity = size * 2;
            this.startMicros = Arrays.copyOf(this.startMicros, capacity);
            this.endMicros = Arrays.copyOf(this.endMicros, capacity);
            anomalyScores = Arrays.copyOf(anomalyScores, capacity);
            confidences = Arrays.copyOf(confidences, capacity);
            labelIndexes = Arrays.copyOf(labelIndexes, capacity);
        }
        this.startMicros[size] = startMicros;
        this.endMicros[size] = endMicros;
        anomalyScores[size] = anomalyScore;
        confidences[size] = confidence;
        labelIndexes[size] = (byte) labelIndex;
        size++;
    }

    public String sensorId() {
        return sensorId;
    }

    public int size() {
        return size;
    }

    public float anomalyScore(int index) {
        return anomalyScores[index];
    }

    public long startMicros(int index) {
        return startMicros[index];
    }

    public long endMicros(int index) {
        return endMicros[index];
    }

    public String label(int index) {
        return labels.get(labelIndexes[index]);
    }

    /**
     * Window {@code index} as the job's scoring operator emits it (BatchScoringOperator.toScore):
     * the same ids, times, label, confidence, anomaly score and flag, and model version. Left out,
     * because the alert rule does not read them and an hour of them per sensor would not fit in
     * memory as objects: the probabilities, shrinkage and noise level.
     */
    public ScoringResult result(int index) {
        ScoringResult score = new ScoringResult();
        score.machineId = sensorId;
        score.sensorId = sensorId;
        score.startMicros = startMicros[index];
        score.endMicros = endMicros[index];
        score.firstSeq = index;
        score.lastSeq = index;
        score.label = label(index);
        score.confidence = confidences[index];
        score.anomalyScore = anomalyScores[index];
        score.anomaly = anomalyScores[index] >= anomalyThreshold;
        score.modelVersion = modelVersion;
        return score;
    }
}
