package io.drsnstream.bench.pipeline;

import java.util.Arrays;
import java.util.List;

/**
 * How long the pipeline takes to be back to steady after a fault, from the windows it scored.
 *
 * <p>A window's <em>lag</em> is {@code scoredAt - windowEnd}: how long after its last sample
 * existed it was scored (the out-of-orderness wait, batching, inference; not the transaction
 * commit, which only moves when scores become readable). At a steady paced load it is small and
 * flat; after a failure the job restarts from its last checkpoint and works off what arrived
 * since, late, so lag climbs and falls back as it catches up. Throughput is back to the offered
 * rate exactly when the backlog is gone, i.e. when lag is back.
 *
 * <p>Recovered: at the first {@code scoredAt} at or after the fault from which every window
 * scored for {@code holdMillis} has lag at most {@code thresholdMillis}, with no gap of more than
 * {@code maxGapMillis} between scored windows (windows flow), all before the next fault. Recovery
 * time = that instant minus the fault's. Only windows a {@code read_committed} consumer read
 * count: with exactly-once, what the failed attempt scored after the last checkpoint was aborted,
 * and its windows count when scored again.
 */
public final class RecoveryTimes {

    private RecoveryTimes() {}

    /** Lag threshold of "steady": the pre-fault p99 (nearest rank) plus this. */
    public static final long THRESHOLD_ABOVE_P99_MILLIS = 1_000;

    /**
     * What "steady" was measured as: the result file's {@code steady} (component names are
     * fields). {@code windows} are those scored in the span and read: with exactly-once, those
     * scored after the last checkpoint before the first fault were aborted and count after it
     * (so no rate is derived from them).
     */
    public record Steady(
            long windows,
            long lagP50Ms,
            long lagP99Ms,
            long lagThresholdMs,
            double holdSeconds,
            double maxGapSeconds) {}

    /**
     * @param scoredAtMillis the windows' {@code scoredAt}, ascending
     * @param lagMillis their lags, in the same order
     * @param faultMillis when the fault struck
     * @param untilMillis the next fault, or the end of the load: recovery must be complete by then
     * @return milliseconds from the fault to recovered; -1 when not recovered by {@code untilMillis}
     */
    public static long recoveryMillis(
            long[] scoredAtMillis,
            long[] lagMillis,
            long faultMillis,
            long untilMillis,
            long thresholdMillis,
            long holdMillis,
            long maxGapMillis) {
        int i = firstAtOrAfter(scoredAtMillis, faultMillis);
        long runStart = -1;
        long previous = -1;
        for (; i < scoredAtMillis.length && scoredAtMillis[i] <= untilMillis; i++) {
            long t = scoredAtMillis[i];
            if (lagMillis[i] > thresholdMillis) {
                runStart = -1;
            } else if (runStart < 0 || t - previous > maxGapMillis) {
                runStart = t;
            }
            previous = t;
            if (runStart >= 0 && t - runStart >= holdMillis) {
                return runStart - faultMillis;
            }
        }
        return -1;
    }

    /** The index of the first time at or after {@code from} in ascending {@code times}. */
    static int firstAtOrAfter(long[] times, long from) {
        int i = Arrays.binarySearch(times, from);
        if (i < 0) {
            return -i - 1;
        }
        while (i > 0 && times[i - 1] == from) {
            i--;
        }
        return i;
    }

    /** Nearest-rank percentile (the smallest value with at least that share at or below it); -1 when empty. */
    public static long percentile(long[] values, double share) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(share * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    /**
     * Recovery figures of one kind of fault; component names are the result file's fields.
     *
     * @param notRecovered faults after which the pipeline was not steady again before the next
     *     fault (or the end of the load); p50 and max are over the others
     * @param p50Seconds nearest rank; absent when none recovered
     */
    public record KindSummary(int faults, int notRecovered, Double p50Seconds, Double maxSeconds) {

        /** @param recoveryMillis per fault of the kind, -1 = not recovered */
        public static KindSummary of(List<Long> recoveryMillis) {
            long[] recovered =
                    recoveryMillis.stream()
                            .mapToLong(Long::longValue)
                            .filter(m -> m >= 0)
                            .toArray();
            int notRecovered = recoveryMillis.size() - recovered.length;
            if (recovered.length == 0) {
                return new KindSummary(recoveryMillis.size(), notRecovered, null, null);
            }
            return new KindSummary(
                    recoveryMillis.size(),
                    notRecovered,
                    percentile(recovered, 0.5) / 1e3,
                    Arrays.stream(recovered).max().getAsLong() / 1e3);
        }
    }
}
