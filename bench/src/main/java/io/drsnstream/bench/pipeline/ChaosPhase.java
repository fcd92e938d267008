package io.drsnstream.bench.pipeline;

import com.google.gson.annotations.JsonAdapter;
import io.drsnstream.bench.pipeline.ChaosSchedule.FaultKind;
import io.drsnstream.bench.pipeline.ChaosSchedule.PlannedFault;
import io.drsnstream.bench.pipeline.WindowReconciliation.WindowId;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The {@code chaos} phase: the job as deployed (its own restart strategy, exactly-once unless
 * {@code --delivery} says otherwise) on a MiniCluster of several TaskManagers, under a paced load,
 * while TaskManagers are lost, tasks fail and the broker restarts ({@link ChaosSchedule}). Then
 * every window the load made is reconciled against the scores a {@code read_committed} consumer
 * reads ({@link WindowReconciliation}: lost, duplicated, unexpected, dead letters; all must be
 * 0), and the time to steady after each fault is measured ({@link RecoveryTimes}).
 *
 * <p>The phase has its own broker ({@link RestartableBroker}, so that it can be restarted on the
 * same address and data) and its own MiniCluster (several TaskManagers, which the measuring
 * phases do not want). Nothing is retried or hidden: whatever was lost is reported.
 */
public final class ChaosPhase {

    /** The broker's settings: PipelineBenchmark's. */
    private static final Map<String, String> BROKER_PROPERTIES =
            Map.of(
                    "log.retention.bytes", Long.toString(1L << 30),
                    "log.segment.bytes", Long.toString(128L << 20),
                    "log.retention.check.interval.ms", "60000");

    /** Steady = lag within the threshold for this long, windows flowing (gaps below the next). */
    private static final long HOLD_MILLIS = 10_000;

    private static final long MAX_GAP_MILLIS = 2_000;

    /** How long the job may take to make its first score readable under the load. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /** The target of issue #14: steady again within the checkpoint interval plus this. */
    private static final Duration TARGET_ABOVE_CHECKPOINT_INTERVAL = Duration.ofSeconds(30);

    /** The phase's options (from the command line). */
    public record Options(
            double minutes,
            int faults,
            int brokerRestarts,
            long seed,
            int sensors,
            int taskManagers,
            double brokerDownSeconds,
            double warmupSeconds,
            double drainTimeoutSeconds) {}

    /**
     * One fault as it happened; component names are the result file's fields.
     *
     * @param atSeconds when it struck, from the load's origin (a task failure: when the task
     *     threw)
     * @param detail which TaskManager, how long the broker was down...
     * @param recoverySeconds from the fault to steady; absent when not steady again before the
     *     next fault or the end of the load
     * @param withinTarget recovered within the checkpoint interval + 30 s
     */
    public record FaultRecord(
            FaultKind kind,
            double plannedAtSeconds,
            double atSeconds,
            String detail,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false) Double recoverySeconds,
            boolean withinTarget) {}

    /**
     * The phase's result; component names are the result file's field names.
     *
     * @param recoveryByKind per kind of fault, and {@code ALL}
     * @param jobFailure absent unless the job ended for good (its restart attempts exhausted)
     * @param loadSeconds from the load's start to its stop
     * @param secondsToFirstScore from the load's start to the first readable score: the load runs
     *     {@code --chaos-minutes} from there, and the faults' clock starts there
     * @param secondsToReconciled from the load's stop until every expected window was read (or the
     *     drain timed out)
     */
    public record Result(
            PacedLoad.Fleet fleet,
            String delivery,
            int taskManagers,
            int slotsPerTaskManager,
            long seed,
            double loadSeconds,
            double secondsToFirstScore,
            double warmupSeconds,
            double brokerDownSeconds,
            double checkpointIntervalSeconds,
            double recoveryTargetSeconds,
            Map<String, Object> restartStrategy,
            long chunksSent,
            List<FaultRecord> faults,
            RecoveryTimes.Steady steady,
            Map<String, RecoveryTimes.KindSummary> recoveryByKind,
            WindowReconciliation reconciliation,
            long undecodableScores,
            boolean clean,
            double secondsToReconciled,
            @JsonAdapter(value = AbsentWhenNull.class, nullSafe = false) String jobFailure,
            LatencySummary producerLateness,
            String timelineCsv,
            String report) {}

    private final PhaseContext context;

    public ChaosPhase(PhaseContext context) {
        this.context = context;
    }

    /**
     * @param out directory of the run's files
     * @param base the run's file name stem: writes {@code base-chaos.csv} (per second: windows
     *     scored, their worst lag, faults) and {@code base-chaos.md}
     */
    public Result run(Options options, Path out, String base) throws Exception {
        PhaseContext.Settings settings = context.settings();
        int partitions = settings.partitions();
        int parallelism = settings.parallelism();
        int slotsPerTaskManager =
                (parallelism + options.taskManagers() - 1) / options.taskManagers();
        String prefix = context.nextPrefix("chaos");
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        ChunkFactory fleet = context.fleet(options.sensors(), 3);
        int hop = context.hop();
        Map<String, Integer> sensorIndex = new HashMap<>();
        for (int s = 0; s < fleet.sensors(); s++) {
            sensorIndex.put(fleet.sensorId(s), s);
        }
        Histogram lateness = LatencySummary.newHistogram();
        List<FaultRecord> executed = new ArrayList<>();
        String jobFailure = null;
        ScoringJobConfig config;
        PacedLoad load;
        long origin;
        // The end of the load: known once the first score is readable (see below).
        AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstScoreMicros = new AtomicLong(-1);
        AtomicLong sent = new AtomicLong();
        double secondsToReconciled;
        Set<WindowId> expected = new HashSet<>();
        List<ConsumerRecord<byte[], byte[]>> scoreRecords;
        List<ConsumerRecord<byte[], byte[]>> deadLetterRecords;
        try (RestartableBroker broker = new RestartableBroker(BROKER_PROPERTIES)) {
            broker.createTopics(topics.withPartitions(partitions));
            config = PhaseContext.jobConfig(settings, broker.bootstrapServers(), prefix, true);
            // Every window read so far (the drain waits for all expected ones).
            Set<WindowId> readSoFar = ConcurrentHashMap.newKeySet();
            AtomicLong firstReadMicros = new AtomicLong(-1);
            try (FlinkRunner flink =
                    new FlinkRunner(
                            options.taskManagers(), slotsPerTaskManager, settings.flinkOptions())) {
                JobID job =
                        flink.start(
                                config,
                                prefix,
                                chunks ->
                                        chunks.map(new TaskFailureInjector())
                                                .uid("chaos-task-failure-injector")
                                                .name("Chaos: task failure injector (bench only)"));
                // The load starts once the job runs (as in the paced phases); whole
                // milliseconds, so that event time in ms (Flink's unit) loses nothing.
                origin = (MonotonicClock.nowMicros() / 1_000L + 2_000L) * 1_000L;
                load = new PacedLoad(fleet, partitions, origin, context.windowLength(), hop);
                try (ScoreReader reader =
                        new ScoreReader(
                                broker.bootstrapServers(),
                                topics.scores(),
                                (received, score) -> {
                                    firstReadMicros.compareAndSet(-1, received);
                                    WindowId id = windowId(score, sensorIndex, load);
                                    if (id != null) {
                                        readSoFar.add(id);
                                    }
                                })) {
                    AtomicReference<Throwable> producerFailure = new AtomicReference<>();
                    AtomicBoolean stopProducer = new AtomicBoolean();
                    Thread producerThread =
                            new Thread(
                                    () -> {
                                        try (KafkaProducer<byte[], byte[]> producer =
                                                KafkaTools.producer(
                                                        broker.bootstrapServers(),
                                                        settings.producerLingerMillis())) {
                                            sent.set(
                                                    load.produce(
                                                            producer,
                                                            topics.chunks(),
                                                            stopAt::get,
                                                            lateness,
                                                            stopProducer::get));
                                        } catch (Throwable e) {
                                            producerFailure.compareAndSet(null, e);
                                        }
                                    },
                                    "chaos-producer");
                    producerThread.start();
                    try {
                        // Start-up (the model, the first checkpoint, JIT) is no fault: the clock
                        // of the load and its faults starts at the first readable score.
                        long startDeadline = System.nanoTime() + START_TIMEOUT.toNanos();
                        while (firstReadMicros.get() < 0) {
                            if (System.nanoTime() > startDeadline) {
                                throw new IllegalStateException(
                                        "No score was readable "
                                                + START_TIMEOUT.toSeconds()
                                                + " s after the load started");
                            }
                            Thread.sleep(100);
                            flink.checkRunning(job);
                            reader.rethrow();
                        }
                        long start = firstReadMicros.get();
                        firstScoreMicros.set(start);
                        stopAt.set(start + (long) (options.minutes() * 60e6));
                        expected.addAll(expectedWindows(load, fleet, stopAt.get()));
                        ChaosSchedule schedule =
                                ChaosSchedule.plan(
                                        options.seed(),
                                        options.faults(),
                                        options.brokerRestarts(),
                                        options.warmupSeconds(),
                                        options.minutes() * 60,
                                        gapSeconds(config));
                        System.out.printf(
                                Locale.ROOT,
                                "chaos: %d sensors, %.0f windows/s, first score readable %.1f s after the load"
                                        + " started; %.1f min from there, %d TaskManagers x %d slots, %s,"
                                        + " faults at %s%n",
                                fleet.sensors(),
                                load.windowsPerSecond(),
                                (start - origin) / 1e6,
                                options.minutes(),
                                options.taskManagers(),
                                slotsPerTaskManager,
                                settings.delivery(),
                                schedule.faults());
                        Random victims = new Random(options.seed() + 1);
                        for (PlannedFault fault : schedule.faults()) {
                            long due = start + (long) (fault.atSeconds() * 1e6);
                            while (MonotonicClock.nowMicros() < due && producerThread.isAlive()) {
                                Thread.sleep(
                                        Math.max(
                                                1,
                                                Math.min(
                                                        200,
                                                        (due - MonotonicClock.nowMicros())
                                                                / 1_000)));
                                flink.checkRunning(job);
                                reader.rethrow();
                            }
                            if (!producerThread.isAlive()) {
                                break;
                            }
                            FaultRecord record =
                                    strike(
                                            fault,
                                            (start - origin) / 1e6 + fault.atSeconds(),
                                            origin,
                                            flink,
                                            broker,
                                            victims,
                                            options);
                            executed.add(record);
                            System.out.printf(
                                    Locale.ROOT,
                                    "chaos: %.1f s %s (%s)%n",
                                    record.atSeconds(),
                                    record.kind(),
                                    record.detail());
                        }
                        while (producerThread.isAlive()) {
                            producerThread.join(200);
                            flink.checkRunning(job);
                            reader.rethrow();
                        }
                        if (producerFailure.get() != null) {
                            throw new IllegalStateException(
                                    "The chaos producer failed: " + producerFailure.get(),
                                    producerFailure.get());
                        }
                        flush(
                                broker.bootstrapServers(),
                                topics.chunks(),
                                partitions,
                                fleet,
                                stopAt.get());
                        long drainDeadline =
                                System.nanoTime() + (long) (options.drainTimeoutSeconds() * 1e9);
                        while (!readSoFar.containsAll(expected)
                                && System.nanoTime() < drainDeadline) {
                            Thread.sleep(500);
                            flink.checkRunning(job);
                            reader.rethrow();
                        }
                    } catch (IllegalStateException e) {
                        if (!String.valueOf(e.getMessage()).startsWith("The job stopped")) {
                            throw e;
                        }
                        // Reported with the reconciliation, which shows what the failure cost.
                        jobFailure = e.getMessage();
                        System.out.println("chaos: " + jobFailure);
                    } finally {
                        stopProducer.set(true);
                        producerThread.join();
                        TaskFailureInjector.disarm();
                        if (stopAt.get() == Long.MAX_VALUE) {
                            // The job failed before the load's clock started: what was sent.
                            stopAt.set(MonotonicClock.nowMicros());
                            expected.addAll(expectedWindows(load, fleet, stopAt.get()));
                        }
                        secondsToReconciled = (MonotonicClock.nowMicros() - stopAt.get()) / 1e6;
                        flink.cancel(job);
                    }
                }
            }
            Duration readTimeout = Duration.ofSeconds(60);
            scoreRecords =
                    KafkaTools.readCommitted(
                            broker.bootstrapServers(), topics.scores(), readTimeout);
            deadLetterRecords =
                    KafkaTools.readCommitted(
                            broker.bootstrapServers(), topics.deadLetters(), readTimeout);
        }

        // Reconciliation.
        SingleObjectCodec<ScoredWindow> scores = SingleObjectCodec.scoredWindows();
        Map<WindowId, Integer> readCounts = new HashMap<>();
        List<long[]> scored = new ArrayList<>(); // {scoredAtMillis, lagMillis}
        long undecodable = 0;
        for (ConsumerRecord<byte[], byte[]> record : scoreRecords) {
            ScoredWindow score;
            try {
                score = scores.decode(record.value());
            } catch (PayloadDecodingException e) {
                undecodable++;
                continue;
            }
            WindowId id = windowId(score, sensorIndex, load);
            if (id == null) {
                id =
                        new WindowId(
                                score.getSensorId() + "@" + EpochMicros.of(score.getWindowStart()),
                                0);
            }
            readCounts.merge(id, 1, Integer::sum);
            long scoredAt = score.getScoredAt().toEpochMilli();
            scored.add(
                    new long[] {
                        scoredAt, scoredAt - EpochMicros.of(score.getWindowEnd()) / 1_000L
                    });
        }
        SingleObjectCodec<DeadLetter> deadLetters = SingleObjectCodec.deadLetters();
        Map<String, Long> byReason = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : deadLetterRecords) {
            String reason;
            try {
                reason = deadLetters.decode(record.value()).getReason().toString();
            } catch (PayloadDecodingException e) {
                reason = "UNDECODABLE_DEAD_LETTER";
            }
            byReason.merge(reason, 1L, Long::sum);
        }
        WindowReconciliation reconciliation =
                WindowReconciliation.of(expected, readCounts, byReason);

        // Recovery.
        scored.sort(Comparator.comparingLong(w -> w[0]));
        long[] scoredAt = scored.stream().mapToLong(w -> w[0]).toArray();
        long[] lag = scored.stream().mapToLong(w -> w[1]).toArray();
        long stop = stopAt.get();
        // Steady: over the second half of the fault-free warm-up.
        long steadyFrom =
                Math.max(origin, firstScoreMicros.get()) / 1_000L
                        + (long) (options.warmupSeconds() * 1e3 / 2);
        long[] faultMillis =
                executed.stream()
                        .mapToLong(f -> origin / 1_000L + Math.round(f.atSeconds() * 1e3))
                        .toArray();
        long firstFault = faultMillis.length == 0 ? stop / 1_000L : faultMillis[0];
        RecoveryTimes.Steady steady = steady(scoredAt, lag, steadyFrom, firstFault);
        Duration target = recoveryTarget(config);
        List<FaultRecord> faults = new ArrayList<>();
        Map<FaultKind, List<Long>> byKind = new EnumMap<>(FaultKind.class);
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < executed.size(); i++) {
            FaultRecord f = executed.get(i);
            long at = faultMillis[i];
            long until = i + 1 < faultMillis.length ? faultMillis[i + 1] : stop / 1_000L;
            long millis =
                    RecoveryTimes.recoveryMillis(
                            scoredAt,
                            lag,
                            at,
                            until,
                            steady.lagThresholdMs(),
                            HOLD_MILLIS,
                            MAX_GAP_MILLIS);
            byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(millis);
            all.add(millis);
            faults.add(
                    new FaultRecord(
                            f.kind(),
                            f.plannedAtSeconds(),
                            f.atSeconds(),
                            f.detail(),
                            millis < 0 ? null : millis / 1e3,
                            millis >= 0 && millis <= target.toMillis()));
        }
        Map<String, RecoveryTimes.KindSummary> recoveryByKind = new LinkedHashMap<>();
        byKind.forEach((k, v) -> recoveryByKind.put(k.name(), RecoveryTimes.KindSummary.of(v)));
        recoveryByKind.put("ALL", RecoveryTimes.KindSummary.of(all));

        Path csv = out.resolve(base + "-chaos.csv");
        Path report = out.resolve(base + "-chaos.md");
        ChaosReport.writeTimeline(csv, scoredAt, lag, origin / 1_000L, faults);
        Map<String, Object> restarts = new LinkedHashMap<>();
        restarts.put("strategy", String.valueOf(config.restartStrategy));
        restarts.put("initialDelayMs", config.restartInitialDelay.toMillis());
        restarts.put("maxDelayMs", config.restartMaxDelay.toMillis());
        restarts.put("resetAfterMs", config.restartResetAfter.toMillis());
        restarts.put("maxAttempts", config.restartMaxAttempts);
        Result result =
                new Result(
                        load.describe(),
                        settings.delivery(),
                        options.taskManagers(),
                        slotsPerTaskManager,
                        options.seed(),
                        (stop - origin) / 1e6,
                        firstScoreMicros.get() < 0
                                ? Double.NaN
                                : (firstScoreMicros.get() - origin) / 1e6,
                        options.warmupSeconds(),
                        options.brokerDownSeconds(),
                        config.checkpointInterval.toMillis() / 1e3,
                        target.toMillis() / 1e3,
                        restarts,
                        sent.get(),
                        faults,
                        steady,
                        recoveryByKind,
                        reconciliation,
                        undecodable,
                        reconciliation.cleanFor(settings.delivery())
                                && undecodable == 0
                                && jobFailure == null,
                        secondsToReconciled,
                        jobFailure,
                        LatencySummary.of(lateness),
                        csv.toString(),
                        report.toString());
        ChaosReport.write(report, result);
        print(result);
        return result;
    }

    /**
     * Least time after each fault before the next (or the end of the load): the target plus the
     * hold of "steady", so that a recovery within the target is always seen whole.
     */
    public static double gapSeconds(ScoringJobConfig config) {
        return (recoveryTarget(config).toMillis() + HOLD_MILLIS) / 1e3;
    }

    /** Issue #14's target: steady again within the checkpoint interval + 30 s. */
    private static Duration recoveryTarget(ScoringJobConfig config) {
        return config.checkpointInterval.plus(TARGET_ABOVE_CHECKPOINT_INTERVAL);
    }

    private static FaultRecord strike(
            PlannedFault fault,
            double plannedAtSeconds,
            long origin,
            FlinkRunner flink,
            RestartableBroker broker,
            Random victims,
            Options options)
            throws Exception {
        long at = MonotonicClock.nowMicros();
        String detail;
        switch (fault.kind()) {
            case TASKMANAGER_LOSS -> {
                List<Integer> alive = flink.aliveTaskManagers();
                int victim = alive.get(victims.nextInt(alive.size()));
                flink.replaceTaskManager(victim);
                detail =
                        String.format(
                                Locale.ROOT,
                                "TaskManager %d terminated, a new one started in %.1f s",
                                victim,
                                (MonotonicClock.nowMicros() - at) / 1e6);
            }
            case TASK_FAILURE -> {
                TaskFailureInjector.arm();
                long armed = at;
                // It fires at the next record (within milliseconds unless the job is restarting):
                // the fault is when the task threw.
                long deadline = armed + 60_000_000L;
                while (TaskFailureInjector.lastFailureMicros() < 0
                        && MonotonicClock.nowMicros() < deadline) {
                    Thread.sleep(5);
                }
                long threw = TaskFailureInjector.lastFailureMicros();
                if (threw >= 0) {
                    at = threw;
                    detail =
                            String.format(
                                    Locale.ROOT,
                                    "a task threw %.0f ms after the injector was armed",
                                    (threw - armed) / 1e3);
                } else {
                    detail = "armed, but no record reached the injector within 60 s";
                }
            }
            case BROKER_RESTART -> {
                broker.stop();
                long stopped = MonotonicClock.nowMicros();
                MonotonicClock.sleepUntil(stopped + (long) (options.brokerDownSeconds() * 1e6));
                broker.start();
                detail =
                        String.format(
                                Locale.ROOT,
                                "broker down %.1f s (stop %.1f s, start %.1f s)",
                                (MonotonicClock.nowMicros() - at) / 1e6,
                                (stopped - at) / 1e6,
                                (MonotonicClock.nowMicros() - stopped) / 1e6
                                        - options.brokerDownSeconds());
            }
            default -> throw new IllegalStateException("Unknown fault " + fault.kind());
        }
        return new FaultRecord(
                fault.kind(), plannedAtSeconds, (at - origin) / 1e6, detail, null, false);
    }

    /** Every window of the fleet's chunks due by {@code stopMicros}. */
    private static List<WindowId> expectedWindows(
            PacedLoad load, ChunkFactory fleet, long stopMicros) {
        List<WindowId> windows = new ArrayList<>();
        for (int s = 0; s < fleet.sensors(); s++) {
            long count = load.windowsIn(load.chunksDueBy(s, stopMicros));
            for (long j = 0; j < count; j++) {
                windows.add(new WindowId(fleet.sensorId(s), j));
            }
        }
        return windows;
    }

    /** Sends one far-future chunk to every partition: the watermark passes the load's last windows. */
    private static void flush(
            String bootstrapServers, String topic, int partitions, ChunkFactory fleet, long stop) {
        long flushMicros = stop + 3_600_000_000L;
        try (KafkaProducer<byte[], byte[]> producer = KafkaTools.producer(bootstrapServers, 0)) {
            for (int p = 0; p < partitions; p++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                p,
                                ("watermark-flush-" + p).getBytes(),
                                fleet.watermarkFlush(p, flushMicros)));
            }
            producer.flush();
        }
    }

    /** The load's window a score is for; null when it is none of them. */
    private static WindowId windowId(
            ScoredWindow score, Map<String, Integer> sensorIndex, PacedLoad load) {
        Integer sensor = sensorIndex.get(score.getSensorId());
        if (sensor == null) {
            return null;
        }
        long index = load.windowIndex(sensor, EpochMicros.of(score.getWindowStart()));
        return index < 0 ? null : new WindowId(score.getSensorId(), index);
    }

    /** Steady state before the first fault: rate and lag of the windows scored from the warm-up's end. */
    static RecoveryTimes.Steady steady(
            long[] scoredAt, long[] lag, long fromMillis, long toMillis) {
        int from = RecoveryTimes.firstAtOrAfter(scoredAt, fromMillis);
        int to = RecoveryTimes.firstAtOrAfter(scoredAt, toMillis);
        long[] lags = Arrays.copyOfRange(lag, from, Math.max(from, to));
        long p99 = RecoveryTimes.percentile(lags, 0.99);
        return new RecoveryTimes.Steady(
                lags.length,
                RecoveryTimes.percentile(lags, 0.5),
                p99,
                p99 < 0 ? -1 : p99 + RecoveryTimes.THRESHOLD_ABOVE_P99_MILLIS,
                HOLD_MILLIS / 1e3,
                MAX_GAP_MILLIS / 1e3);
    }

    private static void print(Result r) {
        WindowReconciliation rec = r.reconciliation();
        System.out.printf(
                Locale.ROOT,
                "chaos: %d windows expected, %d lost, %d duplicated, %d unexpected, dead letters %s%s%n",
                rec.expected(),
                rec.lost(),
                rec.duplicated(),
                rec.unexpected(),
                rec.deadLettersByReason(),
                r.clean() ? "" : " NOT CLEAN");
        if (!rec.lostWindows().isEmpty()) {
            System.out.println("chaos: lost " + rec.lostWindows());
        }
        r.recoveryByKind()
                .forEach((kind, k) -> System.out.println("chaos: recovery " + kind + ": " + k));
    }
}
