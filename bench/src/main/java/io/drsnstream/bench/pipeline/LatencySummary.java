package io.drsnstream.bench.pipeline;

import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * What a result file reports of a latency distribution recorded in whole milliseconds, and the
 * HdrHistogram precision it is recorded at.
 *
 * <p>Percentiles are nearest rank: the smallest recorded value with at least that fraction of all
 * values at or below it (HdrHistogram's {@code getValueAtPercentile}); -1 when nothing was
 * recorded, as are {@code meanMs}, {@code minMs} and {@code maxMs} null then.
 *
 * @param overflow values above {@link #CEILING_MS} (to the 4 ms that HdrHistogram resolves
 *     there); unlike in the harness's former fixed-bucket histogram they count in the
 *     percentiles at their value (to within 0.001 %), not as the maximum
 */
public record LatencySummary(
        long count,
        Double meanMs,
        Long minMs,
        long p50Ms,
        long p90Ms,
        long p95Ms,
        long p99Ms,
        long p999Ms,
        Long maxMs,
        long overflow) {

    /** Latencies above 10 minutes are counted as {@code overflow} (the pipeline has stalled). */
    public static final long CEILING_MS = 600_000;

    /**
     * Five significant digits: every value up to 262,143 ms (2^18 - 1) is kept to the exact
     * millisecond, as the fixed 1 ms buckets did before; larger ones to within 0.001 % (4 ms at
     * the ceiling). Three, HdrHistogram's usual choice, would round the exactly-once latencies
     * (about the 10 s checkpoint interval) to 8 ms.
     */
    public static final int SIGNIFICANT_DIGITS = 5;

    /**
     * A histogram for one measure of a run, recorded on one thread and read on another. Its
     * counts (about 4 MB) are allocated here, so recording allocates nothing and a soak run
     * measures the pipeline's memory, not the benchmark's; it grows only for values above
     * about 17 minutes instead of failing.
     */
    public static SynchronizedHistogram newHistogram() {
        SynchronizedHistogram histogram = new SynchronizedHistogram(CEILING_MS, SIGNIFICANT_DIGITS);
        histogram.setAutoResize(true);
        return histogram;
    }

    /** For figures per interval: recorded on one thread, taken and reset on another. */
    public static Recorder newRecorder() {
        return new Recorder(SIGNIFICANT_DIGITS);
    }

    /** The nearest-rank percentile ({@code percent} in [0, 100], as HdrHistogram takes it) in ms; -1 when empty. */
    public static long percentile(AbstractHistogram histogram, double percent) {
        return histogram.getTotalCount() == 0 ? -1 : histogram.getValueAtPercentile(percent);
    }

    public static LatencySummary of(AbstractHistogram recorded) {
        // One consistent view, should another thread still be recording.
        AbstractHistogram histogram = recorded.copy();
        long count = histogram.getTotalCount();
        boolean empty = count == 0;
        long overflow = 0;
        for (HistogramIterationValue value : histogram.recordedValues()) {
            // Whole buckets above the ceiling: at 600,000 ms a bucket is 4 ms wide.
            if (histogram.lowestEquivalentValue(value.getValueIteratedTo()) > CEILING_MS) {
                overflow += value.getCountAtValueIteratedTo();
            }
        }
        return new LatencySummary(
                count,
                empty ? null : histogram.getMean(),
                empty ? null : histogram.getMinValue(),
                percentile(histogram, 50),
                percentile(histogram, 90),
                percentile(histogram, 95),
                percentile(histogram, 99),
                percentile(histogram, 99.9),
                empty ? null : histogram.getMaxValue(),
                overflow);
    }
}
