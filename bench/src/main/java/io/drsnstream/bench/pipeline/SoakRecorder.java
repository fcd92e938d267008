package io.drsnstream.bench.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Samples memory during a soak run and writes one CSV line per sample, with the latencies of the
 * windows measured since the previous sample.
 */
public final class SoakRecorder implements AutoCloseable {

    /**
     * The soak's memory, for the result file (component names are its field names), in MiB.
     *
     * @param rssSlopeSecondHalfMbPerMinute over the second half of the samples: start-up growth
     *     excluded, a leak stays visible
     */
    public record MemorySummary(
            int samples,
            double heapUsedMaxMb,
            double rssFirstMb,
            double rssLastMb,
            double rssMaxMb,
            double rssSlopeSecondHalfMbPerMinute) {}

    private final Path csvFile;
    private final PrintWriter csv;
    private final long intervalMicros;

    /** Latencies since the last sample: recorded on the score reader's thread, taken here. */
    private final Recorder interval = LatencySummary.newRecorder();

    private Histogram intervalHistogram;
    private final List<double[]> rss = new ArrayList<>();
    private long heapMax;
    private long rssMax;
    private long firstRss = -1;
    private long lastRss = -1;

    public SoakRecorder(Path csvFile, double intervalSeconds) throws IOException {
        this.csvFile = csvFile;
        this.csv = new PrintWriter(Files.newBufferedWriter(csvFile));
        this.intervalMicros = (long) (intervalSeconds * 1e6);
        csv.println(
                "elapsed_s,heap_used_mb,heap_committed_mb,non_heap_used_mb,direct_used_mb,rss_mb,"
                        + "windows_measured,interval_windows,interval_p50_ms,interval_p99_ms");
        csv.flush();
    }

    Path csvFile() {
        return csvFile;
    }

    long intervalMicros() {
        return intervalMicros;
    }

    /** One measured window's latency, in ms (not negative); any thread. */
    void recordLatency(long millis) {
        interval.recordValue(millis);
    }

    void sample(double elapsedSeconds, long measured) {
        MemoryProbe.Reading r = MemoryProbe.read();
        // Recycling the previous interval's histogram: sampling allocates nothing either.
        intervalHistogram = interval.getIntervalHistogram(intervalHistogram);
        csv.printf(
                Locale.ROOT,
                "%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d%n",
                elapsedSeconds,
                mb(r.heapUsed()),
                mb(r.heapCommitted()),
                mb(r.nonHeapUsed()),
                mb(r.directUsed()),
                mb(r.rss()),
                measured,
                intervalHistogram.getTotalCount(),
                LatencySummary.percentile(intervalHistogram, 50),
                LatencySummary.percentile(intervalHistogram, 99));
        csv.flush();
        heapMax = Math.max(heapMax, r.heapUsed());
        rssMax = Math.max(rssMax, r.rss());
        if (firstRss < 0) {
            firstRss = r.rss();
        }
        lastRss = r.rss();
        rss.add(new double[] {elapsedSeconds, mb(r.rss())});
    }

    MemorySummary summary() {
        return new MemorySummary(
                rss.size(),
                mb(heapMax),
                mb(firstRss),
                mb(lastRss),
                mb(rssMax),
                slope(rss.subList(rss.size() / 2, rss.size())) * 60);
    }

    private static double slope(List<double[]> points) {
        if (points.size() < 2) {
            return Double.NaN;
        }
        double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
        double my = points.stream().mapToDouble(p -> p[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] p : points) {
            num += (p[0] - mx) * (p[1] - my);
            den += (p[0] - mx) * (p[0] - mx);
        }
        return den == 0 ? Double.NaN : num / den;
    }

    private static double mb(long bytes) {
        return bytes < 0 ? -1 : bytes / (1024.0 * 1024.0);
    }

    @Override
    public void close() {
        csv.close();
    }
}
