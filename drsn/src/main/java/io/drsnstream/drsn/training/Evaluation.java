package io.drsnstream.drsn.training;

import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import java.util.Arrays;
import java.util.List;

/** Accuracy and confusion matrix of a model on labelled windows. */
public final class Evaluation {

    private final int[][] confusion;
    private final int total;
    private final int correct;
    private final double meanShrinkage;

    private Evaluation(int[][] confusion, double meanShrinkage) {
        this.confusion = confusion;
        int t = 0;
        int c = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                t += confusion[i][j];
                if (i == j) {
                    c += confusion[i][j];
                }
            }
        }
        this.total = t;
        this.correct = c;
        this.meanShrinkage = meanShrinkage;
    }

    /**
     * Scores labelled windows and tallies the verdicts.
     *
     * @param scorer the scorer of the model (its normalisation is applied)
     * @param windows raw windows
     * @param labels the true class index of each window
     * @return the evaluation
     */
    public static Evaluation of(Scorer scorer, float[][] windows, int[] labels) {
        if (windows.length != labels.length) {
            throw new IllegalArgumentException(
                    windows.length + " windows but " + labels.length + " labels");
        }
        List<ScoreResult> results = scorer.score(windows);
        return of(results, labels, results.isEmpty() ? 0 : results.get(0).probabilities().length);
    }

    /**
     * Tallies verdicts already scored.
     *
     * @param results one verdict per window
     * @param labels the true class index of each window
     * @param classes the number of classes
     * @return the evaluation
     */
    public static Evaluation of(List<ScoreResult> results, int[] labels, int classes) {
        if (results.size() != labels.length) {
            throw new IllegalArgumentException(
                    results.size() + " results but " + labels.length + " labels");
        }
        int[][] confusion = new int[classes][classes];
        double shrinkage = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("Label " + labels[i] + " out of range");
            }
            confusion[labels[i]][results.get(i).classIndex()]++;
            shrinkage += results.get(i).shrinkage();
        }
        return new Evaluation(confusion, labels.length == 0 ? 0 : shrinkage / labels.length);
    }

    /**
     * The share of windows classified correctly.
     *
     * @return accuracy in [0, 1] (0 for no windows)
     */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /**
     * The confusion matrix: rows are true classes, columns predicted classes.
     *
     * @return a copy, classes x classes counts
     */
    public int[][] confusionMatrix() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /**
     * The number of windows evaluated.
     *
     * @return total
     */
    public int total() {
        return total;
    }

    /**
     * The number of windows classified correctly.
     *
     * @return correct
     */
    public int correct() {
        return correct;
    }

    /**
     * The mean shrinkage indicator over the windows.
     *
     * @return mean share of features zeroed by the thresholds
     */
    public double meanShrinkage() {
        return meanShrinkage;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("accuracy %.4f (%d/%d)%n", accuracy(), correct, total));
        for (int[] row : confusion) {
            sb.append(Arrays.toString(row)).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
