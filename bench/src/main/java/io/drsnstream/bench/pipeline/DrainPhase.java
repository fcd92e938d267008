package io.drsnstream.bench.pipeline;

import com.google.gson.annotations.JsonAdapter;
import io.drsnstream.job.config.ScoringJobConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;

/**
 * The {@code drain} phase (and its unmeasured warm-up): pre-loads a backlog of
 * {@code windowsPerSensor} windows for each of {@code sensors} sensors, then starts the job and
 * measures how fast it works the backlog off: the sustained rate.
 *
 * <p>Two measures: from the scores' {@code scoredAt} (when the operator scored them, precise to
 * the batch) and from when they became readable downstream (with exactly-once only at
 * checkpoints, so coarse unless the drain lasts many checkpoint intervals). Both count the windows
 * after the first batch (or commit) over the time from it to the last.
 */
public final class DrainPhase {

    /**
     * The phase's result; component names are the result file's field names.
     *
     * @param windowsPerSecond from {@code scoredAt}; NaN when all windows were scored in one batch
     * @param windowsPerSecondLaterHalf the same over the later half of the windows: what is left
     *     of warm-up (JIT, first fetches, each sensor's first windows) weighs on the first half
     * @param cpuCoresByThread cores by kind of thread from 10 % to 90 % of the windows
     * @param secondsFromSubmitToFirstScore absent when no score was read
     */
    public record Result(
            KafkaTools.Backlog backlog,
            long expectedWindows,
            long windows,
            boolean complete,
            long duplicates,
            double windowsPerSecond,
            Map<String, Double> cpuCoresByThread,
            double windowsPerSecondLaterHalf,
            double samplesPerSecond,
            double scoringSpanSeconds,
            double visibleWindowsPerSecond,
            double visibleSpanSeconds,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false)
                    Double secondsFromSubmitToFirstScore,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false)
                    Double secondsFromSubmitToLastScore) {}

    private final PhaseContext context;

    public DrainPhase(PhaseContext context) {
        this.context = context;
    }

    public Result run(int sensors, int windowsPerSensor, Duration timeout) throws Exception {
        String prefix = context.nextPrefix("drain");
        KafkaTools.PhaseTopics topics = context.createTopics(prefix);
        ScoringJobConfig config = context.jobConfig(prefix);
        try {
            int hop = context.hop();
            int windowLength = context.windowLength();
            long samplesPerSensor =
                    (long) context.chunksPerSensor(windowsPerSensor)
                            * context.settings().chunkSamples();
            long expected =
                    sensors
                            * (samplesPerSensor < windowLength
                                    ? 0
                                    : (samplesPerSensor - windowLength) / hop + 1);
            KafkaTools.Backlog backlog =
                    context.produceBacklog(
                            topics, context.fleet(sensors, 1), windowsPerSensor, true);
            System.out.printf(
                    Locale.ROOT,
                    "drain: backlog of %d chunks (%d windows) written in %.1f s; starting the job%n",
                    backlog.chunks(),
                    expected,
                    backlog.produceSeconds());

            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, expected + 1024);
            long[] scoredAt = new long[capacity];
            long[] receivedAt = new long[capacity];
            Set<String> seen = new HashSet<>();
            AtomicLong count = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            long submitted;
            Map<String, Double> cpuByThread = new LinkedHashMap<>();
            try (ScoreReader reader =
                    new ScoreReader(
                            context.bootstrapServers(),
                            topics.scores(),
                            (received, score) -> {
                                int i = (int) count.get();
                                if (!seen.add(score.getSensorId() + "#" + score.getFirstSeq())) {
                                    duplicates.incrementAndGet();
                                }
                                if (i < capacity) {
                                    scoredAt[i] = score.getScoredAt().toEpochMilli();
                                    receivedAt[i] = received;
                                }
                                count.incrementAndGet();
                            })) {
                // Before the MiniCluster starts, if this is the first phase that needs it: as
                // always measured.
                submitted = MonotonicClock.nowMicros();
                FlinkRunner flink = context.flink();
                JobID job = flink.start(config, prefix);
                long deadline = System.nanoTime() + timeout.toNanos();
                long lastReport = System.nanoTime();
                // Where the cores go while the backlog drains: from 10 % to 90 % of the windows.
                ThreadCpu cpuFrom = null;
                while (count.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    if (cpuFrom == null && count.get() >= expected / 10) {
                        cpuFrom = ThreadCpu.snapshot();
                    } else if (cpuFrom != null
                            && cpuByThread.isEmpty()
                            && count.get() >= expected * 9 / 10) {
                        cpuByThread.putAll(ThreadCpu.snapshot().coresSince(cpuFrom));
                    }
                    flink.checkRunning(job);
                    reader.rethrow();
                    if (System.nanoTime() - lastReport > 10_000_000_000L) {
                        lastReport = System.nanoTime();
                        System.out.printf(
                                Locale.ROOT,
                                "drain: %d of %d windows readable%n",
                                count.get(),
                                expected);
                    }
                }
                flink.cancel(job);
            }
            int n = (int) Math.min(count.get(), capacity);
            Rate scoring = Rate.of(Arrays.copyOf(scoredAt, n), 1_000L);
            Rate visible = Rate.of(Arrays.copyOf(receivedAt, n), 1L);
            double laterHalf = Rate.ofLaterHalf(Arrays.copyOf(scoredAt, n), 1_000L).perSecond();
            Double toFirstScore = null;
            Double toLastScore = null;
            if (n > 0) {
                toFirstScore =
                        (Arrays.stream(receivedAt, 0, n).min().getAsLong() - submitted) / 1e6;
                toLastScore = (Arrays.stream(receivedAt, 0, n).max().getAsLong() - submitted) / 1e6;
            }
            Result result =
                    new Result(
                            backlog,
                            expected,
                            count.get(),
                            count.get() >= expected,
                            duplicates.get(),
                            scoring.perSecond(),
                            cpuByThread,
                            laterHalf,
                            scoring.perSecond() * hop,
                            scoring.spanSeconds(),
                            visible.perSecond(),
                            visible.spanSeconds(),
                            toFirstScore,
                            toLastScore);
            System.out.printf(
                    Locale.ROOT,
                    "drain: %d windows, %.0f windows/s scored (later half %.0f), %.0f windows/s readable%s%n",
                    result.windows(),
                    scoring.perSecond(),
                    laterHalf,
                    visible.perSecond(),
                    result.complete() ? "" : " INCOMPLETE: timed out");
            System.out.println(
                    "drain: cores used from 10 % to 90 % of the windows: " + cpuByThread);
            if (Double.isNaN(scoring.perSecond())) {
                System.out.println(
                        "drain: warning: no rate: all windows were scored in one batch;"
                                + " use a backlog many batches long (--sensors x --windows-per-sensor)");
            }
            return result;
        } finally {
            context.deleteTopics(topics);
        }
    }

    /** A rate from event times: events after the first instant, over the time to the last. */
    record Rate(double perSecond, double spanSeconds) {
        static Rate of(long[] times, long unitMicros) {
            if (times.length < 2) {
                return new Rate(Double.NaN, Double.NaN);
            }
            long first = Arrays.stream(times).min().getAsLong();
            long last = Arrays.stream(times).max().getAsLong();
            long after = Arrays.stream(times).filter(t -> t > first).count();
            double span = (last - first) * unitMicros / 1e6;
            return new Rate(span > 0 ? after / span : Double.NaN, span);
        }

        /** The rate over the later half of the events (by time). */
        static Rate ofLaterHalf(long[] times, long unitMicros) {
            long[] sorted = times.clone();
            Arrays.sort(sorted);
            return of(Arrays.copyOfRange(sorted, sorted.length / 2, sorted.length), unitMicros);
        }
    }
}
