package io.drsnstream.bench.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Latencies in 1 ms buckets up to a ceiling, in a fixed array: recording allocates nothing, so a
 * long soak run measures the pipeline's memory and not the benchmark's. Values above the ceiling
 * are counted as overflow (and the exact maximum is kept). Thread-safe.
 */
public final class LatencyHistogram {

    private final long[] counts;
    private long overflow;
    private long count;
    private double sum;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** @param ceilingMillis the largest value kept in a bucket */
    public LatencyHistogram(int ceilingMillis) {
        counts = new long[ceilingMillis + 1];
    }

    /** Records one latency; negative values (clock jitter) count as 0. */
    public synchronized void record(long millis) {
        long value = Math.max(0, millis);
        if (value < counts.length) {
            counts[(int) value]++;
        } else {
            overflow++;
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    public synchronized long count() {
        return count;
    }

    /**
     * The smallest recorded value v with at least {@code fraction} of all values at or below v
     * (nearest rank); the maximum when the rank falls into the overflow; -1 when empty.
     */
    public synchronized long percentile(double fraction) {
        if (count == 0) {
            return -1;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * count));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i;
            }
        }
        return max;
    }

    /** count, mean, min, p50, p90, p95, p99, p99.9, max (ms), overflow. */
    public synchronized Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", count);
        summary.put("meanMs", count == 0 ? null : sum / count);
        summary.put("minMs", count == 0 ? null : min);
        summary.put("p50Ms", percentile(0.50));
        summary.put("p90Ms", percentile(0.90));
        summary.put("p95Ms", percentile(0.95));
        summary.put("p99Ms", percentile(0.99));
        summary.put("p999Ms", percentile(0.999));
        summary.put("maxMs", count == 0 ? null : max);
        summary.put("overflow", overflow);
        return summary;
    }

    public synchronized void reset() {
        Arrays.fill(counts, 0);
        overflow = 0;
        count = 0;
        sum = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }
}
