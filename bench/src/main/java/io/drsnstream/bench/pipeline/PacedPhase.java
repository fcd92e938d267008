package io.drsnstream.bench.pipeline;

import com.google.gson.annotations.JsonAdapter;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.schemas.EpochMicros;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The {@code latency} and {@code soak} phases: the fleet in real time at a fraction of the
 * reference rate; for every window that ends in the measured span, the time from its last sample
 * to its score being readable by a {@code read_committed} consumer. The soak is the same run,
 * longer, with memory sampled throughout ({@link SoakRecorder}).
 */
public final class PacedPhase {

    /**
     * One paced run's result; component names are the result file's field names.
     *
     * @param note absent unless the sensor count had to be raised to the partition count
     * @param latency window end to readable
     * @param latencyUntilScored window end to {@code scoredAt}: ingest, assembly, batching, inference
     * @param latencyScoredToReadable {@code scoredAt} to readable: sink, transaction commit, fetch
     * @param producerLateness how late the load generator's sends were against their schedule
     * @param memory the soak's memory; absent in latency runs
     * @param load the fraction of the reference rate offered
     * @param csv the soak's CSV; absent in latency runs
     */
    public record Result(
            PacedLoad.Fleet fleet,
            double targetWindowsPerSecond,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false) String note,
            double warmupSeconds,
            double measuredSeconds,
            long chunksSent,
            long expectedWindows,
            long measuredWindows,
            boolean complete,
            long windowsBeforeSpan,
            long windowsAfterSpan,
            double achievedWindowsPerSecond,
            LatencySummary latency,
            LatencySummary latencyUntilScored,
            LatencySummary latencyScoredToReadable,
            LatencySummary producerLateness,
            Map<String, Double> cpuCoresByThread,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false)
                    SoakRecorder.MemorySummary memory,
            double load,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false) String csv) {}

    private final PhaseContext context;

    public PacedPhase(PhaseContext context) {
        this.context = context;
    }

    /**
     * @param phase {@code latency} or {@code soak}: names the topics and the printed lines
     * @param load fraction of {@code referenceWindowsPerSecond} to offer
     * @param soak when not null, memory is sampled every interval during the whole run
     */
    public Result run(
            String phase,
            double load,
            double referenceWindowsPerSecond,
            double warmupSeconds,
            double measureSeconds,
            SoakRecorder soak)
            throws Exception {
        double targetWindowsPerSecond = load * referenceWindowsPerSecond;
        int hop = context.hop();
        int partitions = context.settings().partitions();
        double perSensor = context.sampleRate() / hop;
        int requested = (int) Math.round(targetWindowsPerSecond / perSensor);
        // Every partition needs sensors, or its watermark would stall until the idleness timeout.
        int sensors = Math.max(partitions, requested);
        String prefix = context.nextPrefix(phase);
        KafkaTools.PhaseTopics topics = context.createTopics(prefix);
        ScoringJobConfig config = context.jobConfig(prefix);
        ChunkFactory fleet = context.fleet(sensors, 2);

        Histogram latency = LatencySummary.newHistogram();
        // The two parts of the latency: until the scorer emitted the score, and from there until
        // readable.
        Histogram untilScored = LatencySummary.newHistogram();
        Histogram scoredToReadable = LatencySummary.newHistogram();
        Histogram lateness = LatencySummary.newHistogram();
        AtomicLong measured = new AtomicLong();
        AtomicLong beforeSpan = new AtomicLong();
        AtomicLong afterSpan = new AtomicLong();
        // Set once the origin is known; read on the reader thread.
        AtomicLongArray span = new AtomicLongArray(2);
        Map<String, Double> cpuByThread = new LinkedHashMap<>();
        PacedLoad pacedLoad;
        long expected;
        AtomicLong sent = new AtomicLong();
        try (ScoreReader reader =
                new ScoreReader(
                        context.bootstrapServers(),
                        topics.scores(),
                        (received, score) -> {
                            long end = EpochMicros.of(score.getWindowEnd());
                            if (end < span.get(0)) {
                                beforeSpan.incrementAndGet();
                            } else if (end > span.get(1)) {
                                afterSpan.incrementAndGet();
                            } else {
                                // Never negative but for clock jitter, which counts as 0.
                                long millis = Math.max(0, (received - end) / 1_000L);
                                latency.recordValue(millis);
                                if (soak != null) {
                                    soak.recordLatency(millis);
                                }
                                long scoredAtMillis = score.getScoredAt().toEpochMilli();
                                untilScored.recordValue(Math.max(0, scoredAtMillis - end / 1_000L));
                                scoredToReadable.recordValue(
                                        Math.max(0, received / 1_000L - scoredAtMillis));
                                measured.incrementAndGet();
                            }
                        })) {
            FlinkRunner flink = context.flink();
            JobID job = flink.start(config, prefix);
            // Whole milliseconds, so that event time in ms (Flink's unit) loses nothing.
            long origin = (MonotonicClock.nowMicros() / 1_000L + 2_000L) * 1_000L;
            pacedLoad = new PacedLoad(fleet, partitions, origin, context.windowLength(), hop);
            long stop = origin + (long) ((warmupSeconds + measureSeconds) * 1e6);
            // The last windows before the stop are released by the watermark only after
            // out-of-orderness + lateness: leave them out rather than flush them early.
            long margin =
                    (config.outOfOrderness.toMillis() + config.allowedLateness.toMillis()) * 1_000L
                            + 2 * fleet.micros(context.settings().chunkSamples());
            long from = origin + (long) (warmupSeconds * 1e6);
            long to = stop - margin;
            // Nothing can arrive before the producer starts: set the span before it does.
            span.set(0, from);
            span.set(1, to);
            if (to <= from) {
                throw new IllegalArgumentException(
                        "The measured span is empty: make the run longer than "
                                + margin / 1e6
                                + " s (out-of-orderness + lateness)");
            }
            expected = pacedLoad.windowsEndingIn(from, to);
            System.out.printf(
                    Locale.ROOT,
                    "%s: %d sensors, %.0f windows/s offered, %.0f s warm-up + %.0f s%n",
                    phase,
                    sensors,
                    pacedLoad.windowsPerSecond(),
                    warmupSeconds,
                    measureSeconds);

            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            AtomicBoolean stopProducer = new AtomicBoolean();
            Thread producerThread =
                    new Thread(
                            () -> {
                                try (KafkaProducer<byte[], byte[]> producer =
                                        KafkaTools.producer(
                                                context.bootstrapServers(),
                                                context.settings().producerLingerMillis())) {
                                    sent.set(
                                            pacedLoad.produce(
                                                    producer,
                                                    topics.chunks(),
                                                    stop,
                                                    lateness,
                                                    stopProducer::get));
                                } catch (Throwable e) {
                                    producerFailure.compareAndSet(null, e);
                                }
                            },
                            "paced-producer");
            producerThread.start();
            long nextSample = origin;
            ThreadCpu cpuFrom = null;
            try {
                while (producerThread.isAlive()) {
                    producerThread.join(200);
                    long clock = MonotonicClock.nowMicros();
                    if (cpuFrom == null && clock >= from) {
                        cpuFrom = ThreadCpu.snapshot();
                    } else if (cpuFrom != null && cpuByThread.isEmpty() && clock >= to) {
                        cpuByThread.putAll(ThreadCpu.snapshot().coresSince(cpuFrom));
                    }
                    flink.checkRunning(job);
                    reader.rethrow();
                    long now = MonotonicClock.nowMicros();
                    if (soak != null && now >= nextSample) {
                        soak.sample((now - origin) / 1e6, measured.get());
                        nextSample += soak.intervalMicros();
                    }
                }
                if (producerFailure.get() != null) {
                    throw new IllegalStateException(
                            "The paced producer failed: " + producerFailure.get(),
                            producerFailure.get());
                }
                // With exactly-once the last scores become readable at the next checkpoints.
                long grace =
                        System.nanoTime()
                                + config.checkpointInterval
                                        .multipliedBy(2)
                                        .plusSeconds(30)
                                        .toNanos();
                while (measured.get() < expected && System.nanoTime() < grace) {
                    Thread.sleep(200);
                    flink.checkRunning(job);
                    reader.rethrow();
                }
            } finally {
                stopProducer.set(true);
                producerThread.join();
                flink.cancel(job);
            }
        } finally {
            context.deleteTopics(topics);
        }
        double measuredSeconds = (span.get(1) - span.get(0)) / 1e6;
        Result result =
                new Result(
                        pacedLoad.describe(),
                        targetWindowsPerSecond,
                        sensors != requested
                                ? "sensors raised from "
                                        + requested
                                        + " to the partition count "
                                        + sensors
                                : null,
                        warmupSeconds,
                        measuredSeconds,
                        sent.get(),
                        expected,
                        measured.get(),
                        measured.get() >= expected,
                        beforeSpan.get(),
                        afterSpan.get(),
                        measured.get() / measuredSeconds,
                        LatencySummary.of(latency),
                        LatencySummary.of(untilScored),
                        LatencySummary.of(scoredToReadable),
                        LatencySummary.of(lateness),
                        cpuByThread,
                        soak == null ? null : soak.summary(),
                        load,
                        soak == null ? null : soak.csvFile().toString());
        print(phase, result);
        return result;
    }

    private static void print(String phase, Result result) {
        LatencySummary latency = result.latency();
        System.out.printf(
                Locale.ROOT,
                "%s: %d windows, latency p50 %s ms, p95 %s ms, p99 %s ms, max %s ms%s%n",
                phase,
                result.measuredWindows(),
                latency.p50Ms(),
                latency.p95Ms(),
                latency.p99Ms(),
                latency.maxMs(),
                result.complete() ? "" : " INCOMPLETE: some windows never became readable");
        System.out.printf(
                Locale.ROOT,
                "%s: of which window end -> scored p50 %d / p99 %d ms, scored -> readable p50 %d / p99 %d ms%n",
                phase,
                result.latencyUntilScored().p50Ms(),
                result.latencyUntilScored().p99Ms(),
                result.latencyScoredToReadable().p50Ms(),
                result.latencyScoredToReadable().p99Ms());
        System.out.println(
                phase + ": cores used over the measured span: " + result.cpuCoresByThread());
        long producerP99 = result.producerLateness().p99Ms();
        if (producerP99 > 50) {
            System.out.println(
                    phase
                            + ": warning: the producer's sends were up to "
                            + producerP99
                            + " ms late (p99): the machine is saturated, latencies include producer delay");
        }
    }
}
