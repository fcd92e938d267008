package io.drsnstream.training;

import java.util.Arrays;
import java.util.Comparator;

/** Spearman's rank correlation for tests: Pearson's correlation of the ranks, ties sharing their mean rank. */
final class RankCorrelation {

    private RankCorrelation() {}

    /** Spearman's rho of two equally long samples; NaN when either is constant. */
    static double spearman(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " values against " + y.length);
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        // Both rank vectors have mean (n + 1) / 2.
        double mean = (x.length + 1) / 2.0;
        double covariance = 0;
        double varianceX = 0;
        double varianceY = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = rx[i] - mean;
            double dy = ry[i] - mean;
            covariance += dx * dy;
            varianceX += dx * dx;
            varianceY += dy * dy;
        }
        return covariance / Math.sqrt(varianceX * varianceY);
    }

    /** Ranks from 1; tied values get the mean of the ranks they span. */
    static double[] ranks(double[] values) {
        Integer[] order = new Integer[values.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i]));
        double[] ranks = new double[values.length];
        for (int first = 0; first < order.length; ) {
            int last = first;
            while (last + 1 < order.length && values[order[last + 1]] == values[order[first]]) {
                last++;
            }
            double rank = (first + last) / 2.0 + 1;
            for (int k = first; k <= last; k++) {
                ranks[order[k]] = rank;
            }
            first = last + 1;
        }
        return ranks;
    }
}
