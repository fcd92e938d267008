package io.drsnstream.training;

import io.drsnstream.drsn.model.ScoreResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator cares about on one set of scored windows: 8-class accuracy, macro-F1, the
 * share of healthy windows raised as anomalies (false alarms) and of faulty windows caught
 * (detection) at a threshold, and the ROC AUC of the anomaly score (healthy vs any fault), which
 * does not depend on the threshold.
 *
 * @param windows windows scored
 * @param accuracy share classified into the right one of the classes
 * @param macroF1 unweighted mean of the per-class F1 scores (classes absent from the truth and the
 *     predictions are left out)
 * @param falseAlarmRate share of healthy windows with anomalyScore at or above the threshold (NaN
 *     without healthy windows)
 * @param detectionRate share of faulty windows with anomalyScore at or above the threshold (NaN
 *     without faulty windows)
 * @param rocAuc probability that a faulty window scores higher than a healthy one (ties half)
 */
record OperatorMetrics(
        int windows,
        double accuracy,
        double macroF1,
        double falseAlarmRate,
        double detectionRate,
        double rocAuc) {

    /** Computes the metrics; {@code scores[i]} belongs to {@code labels[i]}. */
    static OperatorMetrics of(
            List<ScoreResult> scores,
            int[] labels,
            int classes,
            int healthyIndex,
            double threshold) {
        int n = labels.length;
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        int healthy = 0;
        int falseAlarms = 0;
        int faulty = 0;
        int detected = 0;
        double[] healthyScores = new double[n];
        double[] faultyScores = new double[n];
        for (int i = 0; i < n; i++) {
            ScoreResult r = scores.get(i);
            confusion[labels[i]][r.classIndex()]++;
            if (r.classIndex() == labels[i]) {
                correct++;
            }
            boolean flagged = r.anomalyScore() >= threshold;
            if (labels[i] == healthyIndex) {
                healthyScores[healthy++] = r.anomalyScore();
                falseAlarms += flagged ? 1 : 0;
            } else {
                faultyScores[faulty++] = r.anomalyScore();
                detected += flagged ? 1 : 0;
            }
        }
        return new OperatorMetrics(
                n,
                n == 0 ? Double.NaN : (double) correct / n,
                macroF1(confusion),
                healthy == 0 ? Double.NaN : (double) falseAlarms / healthy,
                faulty == 0 ? Double.NaN : (double) detected / faulty,
                rocAuc(Arrays.copyOf(healthyScores, healthy), Arrays.copyOf(faultyScores, faulty)));
    }

    static double macroF1(int[][] confusion) {
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < confusion.length; c++) {
            int tp = confusion[c][c];
            int actual = Arrays.stream(confusion[c]).sum();
            int predicted = 0;
            for (int[] row : confusion) {
                predicted += row[c];
            }
            if (actual + predicted == 0) {
                continue;
            }
            sum += 2.0 * tp / (actual + predicted);
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /** Mann-Whitney AUC by sorting: P(fault score > healthy score) + P(tie) / 2. */
    static double rocAuc(double[] negatives, double[] positives) {
        if (negatives.length == 0 || positives.length == 0) {
            return Double.NaN;
        }
        double[] all = new double[negatives.length + positives.length];
        boolean[] positive = new boolean[all.length];
        Integer[] order = new Integer[all.length];
        for (int i = 0; i < negatives.length; i++) {
            all[i] = negatives[i];
        }
        for (int i = 0; i < positives.length; i++) {
            all[negatives.length + i] = positives[i];
            positive[negatives.length + i] = true;
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += midRank;
                }
            }
            i = j + 1;
        }
        double p = positives.length;
        return (rankSum - p * (p + 1) / 2) / (p * negatives.length);
    }

    /** Spearman rank correlation (average ranks for ties); NaN when either side is constant. */
    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = Arrays.stream(rx).average().orElse(Double.NaN);
        double my = Arrays.stream(ry).average().orElse(Double.NaN);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** Ranks from 1; tied values get the mean of the ranks they span. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }

    /**
     * JSON-ready figures, rounded to 6 decimals. A figure that is undefined for these windows
     * (NaN: false alarms without a healthy window, ROC AUC without both healthy and faulty ones,
     * as in recorded data of faults only) is left out rather than written as 0.
     */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", windows);
        putDefined(m, "accuracy", accuracy);
        putDefined(m, "macroF1", macroF1);
        putDefined(m, "falseAlarmRate", falseAlarmRate);
        putDefined(m, "detectionRate", detectionRate);
        putDefined(m, "rocAuc", rocAuc);
        return m;
    }

    private static void putDefined(Map<String, Object> m, String key, double value) {
        if (!Double.isNaN(value)) {
            m.put(key, Evaluations.round(value));
        }
    }
}
