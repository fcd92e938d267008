package io.drsnstream.bench.alerts;

import java.util.Arrays;

/** Nearest-rank percentiles: the smallest value with at least that share at or below it. */
final class Percentiles {

    private Percentiles() {}

    /**
     * @param values any order; {@code +Infinity} for "not within the cap"
     * @param share in (0, 1]
     * @return the value, or NaN when there are none
     */
    static double of(double[] values, double share) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }
}
