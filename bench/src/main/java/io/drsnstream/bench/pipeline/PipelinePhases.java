package io.drsnstream.bench.pipeline;

import ai.djl.Device;
import io.drsnstream.bench.BenchSupport;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.datatypes.ScoringResult;
import io.drsnstream.job.sink.ScoredWindowSerializationSchema;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The phases of a {@code PipelineBenchmark} run. Every phase that runs the job gets fresh topics,
 * a fresh consumer group and transactional-id prefix, and its own job, so phases never see each
 * other's records or transactions; its topics are deleted afterwards.
 */
public final class PipelinePhases implements AutoCloseable {

    /** Chunks simulated per health state for the fleet's sample pool (about 3 s of signal each). */
    private static final int POOL_CHUNKS = 160;
    /** Event time of the backlogs' first samples (Nov 2025); only differences matter. */
    private static final long BACKLOG_ORIGIN_MICROS = 1_764_000_000_000_000L;
    private static final int LATENCY_CEILING_MS = 600_000;

    /** Everything a phase needs from the command line. */
    public record Settings(
            Path modelDir,
            ModelMetadata model,
            int parallelism,
            int partitions,
            String delivery,
            Map<String, String> jobOverrides,
            Map<String, String> flinkOptions,
            int chunkSamples,
            int producerLingerMillis,
            String runId) {}

    /** Job settings the harness owns; {@code --set} may not change them. */
    public static final List<String> MANAGED_SETTINGS = List.of("bootstrap.servers", "model.dir", "topic.chunks",
            "topic.scores", "topic.dead-letters", "group.id", "transactional-id.prefix", "starting-offsets",
            "delivery.guarantee", "parallelism");

    private final Settings settings;
    private final LocalKafkaBroker kafka;
    private FlinkRunner flink;
    private int phaseCount;

    public PipelinePhases(Settings settings, LocalKafkaBroker kafka) {
        this.settings = settings;
        this.kafka = kafka;
    }

    /**
     * The job's settings for one phase: the job's own defaults, then {@code scoring.device=cpu},
     * then the user's {@code --set} values, then the harness's own (topics, group, delivery...).
     */
    public ScoringJobConfig jobConfig(String prefix) {
        return jobConfig(settings, kafka.bootstrapServers(), prefix);
    }

    /**
     * The same without a broker, e.g. to validate the settings before anything starts.
     *
     * @throws io.drsnstream.job.config.InvalidConfigException naming a bad setting
     */
    public static ScoringJobConfig jobConfig(Settings settings, String bootstrapServers, String prefix) {
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        Map<String, String> map = new HashMap<>();
        map.put("scoring.device", "cpu");
        map.putAll(settings.jobOverrides());
        map.put("bootstrap.servers", bootstrapServers);
        map.put("model.dir", settings.modelDir().toString());
        map.put("topic.chunks", topics.chunks());
        map.put("topic.scores", topics.scores());
        map.put("topic.dead-letters", topics.deadLetters());
        map.put("group.id", prefix + "-group");
        map.put("transactional-id.prefix", prefix);
        map.put("starting-offsets", "earliest");
        map.put("delivery.guarantee", settings.delivery());
        map.put("parallelism", Integer.toString(settings.parallelism()));
        return ScoringJobConfig.fromMap(map);
    }

    /** The effective job settings, for the result file. */
    public static Map<String, Object> describe(ScoringJobConfig config) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("parallelism", config.parallelism);
        job.put("delivery.guarantee", config.deliveryGuarantee.toString());
        job.put("checkpoint.interval.ms", config.checkpointInterval.toMillis());
        job.put("batch.size", config.batchSize);
        job.put("batch.timeout.ms", config.batchTimeout.toMillis());
        job.put("window.hop", config.windowHop);
        job.put("out-of-orderness.ms", config.outOfOrderness.toMillis());
        job.put("allowed-lateness.ms", config.allowedLateness.toMillis());
        job.put("idleness.ms", config.idleness.toMillis());
        job.put("scoring.device", String.valueOf(config.scoringDevice));
        job.put("scoring.threads", config.scoringThreads);
        job.put("state.max-pending-chunks", config.maxPendingChunks);
        return job;
    }

    private String nextPrefix(String phase) {
        return "bench-" + settings.runId() + "-" + (++phaseCount) + "-" + phase;
    }

    private int windowLength() {
        return settings.model().windowLength();
    }

    private double sampleRate() {
        return settings.model().sampleRateHz();
    }

    private FlinkRunner flink() throws Exception {
        if (flink == null) {
            flink = new FlinkRunner(settings.parallelism(), settings.flinkOptions());
        }
        return flink;
    }

    // ---------------------------------------------------------------------------------------------
    // Model only

    /**
     * The scorer alone, as the job runs it: {@code threads} scorers (one per scoring subtask) on
     * one shared model, each scoring full batches back to back, in this JVM before Flink starts.
     */
    public Map<String, Object> modelOnly(int[] batchSizes, int threads, double warmupSeconds, double seconds)
            throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("threads", threads);
        result.put("engine", BenchSupport.engineSettings());
        List<Map<String, Object>> runs = new ArrayList<>();
        try (ModelArtifact artifact = ModelArtifact.load(settings.modelDir(), Device.cpu())) {
            for (int batch : batchSizes) {
                runs.add(scoreFor(artifact, batch, threads, warmupSeconds, seconds));
                System.out.printf(Locale.ROOT, "model: batch %d x %d threads: %.0f windows/s%n", batch, threads,
                        (double) runs.get(runs.size() - 1).get("windowsPerSecond"));
            }
        }
        result.put("runs", runs);
        return result;
    }

    private Map<String, Object> scoreFor(ModelArtifact artifact, int batch, int threads, double warmupSeconds,
            double seconds) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong[] windows = new AtomicLong[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            AtomicLong counter = windows[t] = new AtomicLong();
            float[][] input = BenchSupport.randomWindows(batch, windowLength(), 100 + t);
            Thread worker = new Thread(() -> {
                try (Scorer scorer = artifact.newScorer(batch)) {
                    while (!stop.get()) {
                        scorer.score(input);
                        counter.addAndGet(batch);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "model-only-" + t);
            workers.add(worker);
            worker.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        long before = Arrays.stream(windows).mapToLong(AtomicLong::get).sum();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long after = Arrays.stream(windows).mapToLong(AtomicLong::get).sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Scoring failed: " + failure.get(), failure.get());
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("batch", batch);
        run.put("windows", after - before);
        run.put("seconds", elapsed);
        run.put("windowsPerSecond", (after - before) / elapsed);
        return run;
    }

    // ---------------------------------------------------------------------------------------------
    // Kafka only

    /** The raw Kafka loop on the same backlog the drain phase uses. */
    public Map<String, Object> kafkaBaseline(int sensors, int windowsPerSensor) throws Exception {
        String prefix = nextPrefix("kafka");
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        kafka.createTopics(topics.withPartitions(settings.partitions()));
        try {
            ChunkFactory factory = new ChunkFactory(sensors, settings.chunkSamples(), sampleRate(), POOL_CHUNKS, 1);
            int chunksPerSensor = chunksPerSensor(windowsPerSensor);
            KafkaTools.Backlog backlog = KafkaTools.produceBacklog(kafka.bootstrapServers(), topics.chunks(),
                    settings.partitions(), factory, chunksPerSensor, BACKLOG_ORIGIN_MICROS, false);
            int outputBytes = scoredWindowBytes(factory.sensorId(0));
            int chunksPerWindow = (int) Math.round((double) hop() / settings.chunkSamples());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("backlog", describe(backlog, sensors));
            result.putAll(KafkaBaseline.run(kafka.bootstrapServers(), topics.chunks(), topics.scores(),
                    settings.partitions(), settings.parallelism(), Math.max(1, chunksPerWindow), outputBytes));
            System.out.printf(Locale.ROOT, "kafka: %.0f windows/s equivalent (%.0f records/s)%n",
                    (double) result.get("windowsPerSecond"), (double) result.get("recordsPerSecond"));
            return result;
        } finally {
            KafkaTools.deleteTopics(kafka.bootstrapServers(), topics.all());
        }
    }

    /** The size of an encoded ScoredWindow with the model's labels: what the job writes per window. */
    private int scoredWindowBytes(String sensorId) {
        ModelMetadata model = settings.model();
        ScoringResult score = new ScoringResult();
        score.machineId = "machine-000";
        score.sensorId = sensorId;
        score.startMicros = BACKLOG_ORIGIN_MICROS;
        score.endMicros = BACKLOG_ORIGIN_MICROS + 160_000;
        score.sampleCount = model.windowLength();
        score.label = model.labels().get(0);
        score.confidence = 0.9f;
        score.classLabels = model.labels().toArray(new String[0]);
        score.probabilities = new float[score.classLabels.length];
        Arrays.fill(score.probabilities, 1f / score.classLabels.length);
        score.modelVersion = model.version();
        score.scoredAtMillis = System.currentTimeMillis();
        return SingleObjectCodec.scoredWindows().encode(ScoredWindowSerializationSchema.toAvro(score)).length;
    }

    // ---------------------------------------------------------------------------------------------
    // Drain

    /**
     * Pre-loads a backlog of {@code windowsPerSensor} windows for each of {@code sensors} sensors,
     * then starts the job and measures how fast it works the backlog off: the sustained rate.
     *
     * <p>Two measures: from the scores' {@code scoredAt} (when the operator scored them, precise
     * to the batch) and from when they became readable downstream (with exactly-once only at
     * checkpoints, so coarse unless the drain lasts many checkpoint intervals). Both count the
     * windows after the first batch (or commit) over the time from it to the last.
     */
    public Map<String, Object> drain(int sensors, int windowsPerSensor, Duration timeout) throws Exception {
        String prefix = nextPrefix("drain");
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        kafka.createTopics(topics.withPartitions(settings.partitions()));
        ScoringJobConfig config = jobConfig(prefix);
        try {
            ChunkFactory factory = new ChunkFactory(sensors, settings.chunkSamples(), sampleRate(), POOL_CHUNKS, 1);
            int chunksPerSensor = chunksPerSensor(windowsPerSensor);
            long samplesPerSensor = (long) chunksPerSensor * settings.chunkSamples();
            long expected = sensors * (samplesPerSensor < windowLength() ? 0
                    : (samplesPerSensor - windowLength()) / hop() + 1);
            KafkaTools.Backlog backlog = KafkaTools.produceBacklog(kafka.bootstrapServers(), topics.chunks(),
                    settings.partitions(), factory, chunksPerSensor, BACKLOG_ORIGIN_MICROS, true);
            System.out.printf(Locale.ROOT, "drain: backlog of %d chunks (%d windows) written in %.1f s; starting the job%n",
                    backlog.chunks(), expected, backlog.seconds());

            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, expected + 1024);
            long[] scoredAt = new long[capacity];
            long[] receivedAt = new long[capacity];
            Set<String> seen = new HashSet<>();
            AtomicLong count = new AtomicLong();
            AtomicLong duplicates = new AtomicLong();
            long submitted;
            JobID job;
            Map<String, Double> cpuByThread = new LinkedHashMap<>();
            try (ScoreReader reader = new ScoreReader(kafka.bootstrapServers(), topics.scores(), (received, score) -> {
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
                submitted = MonotonicClock.nowMicros();
                job = flink().start(config, prefix);
                long deadline = System.nanoTime() + timeout.toNanos();
                long lastReport = System.nanoTime();
                // Where the cores go while the backlog drains: from 10 % to 90 % of the windows.
                ThreadCpu cpuFrom = null;
                while (count.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                    if (cpuFrom == null && count.get() >= expected / 10) {
                        cpuFrom = ThreadCpu.snapshot();
                    } else if (cpuFrom != null && cpuByThread.isEmpty() && count.get() >= expected * 9 / 10) {
                        cpuByThread.putAll(ThreadCpu.snapshot().coresSince(cpuFrom));
                    }
                    flink.checkRunning(job);
                    reader.rethrow();
                    if (System.nanoTime() - lastReport > 10_000_000_000L) {
                        lastReport = System.nanoTime();
                        System.out.printf(Locale.ROOT, "drain: %d of %d windows readable%n", count.get(), expected);
                    }
                }
                flink.cancel(job);
            }
            int n = (int) Math.min(count.get(), capacity);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("backlog", describe(backlog, sensors));
            result.put("expectedWindows", expected);
            result.put("windows", count.get());
            result.put("complete", count.get() >= expected);
            result.put("duplicates", duplicates.get());
            Rate scoring = Rate.of(Arrays.copyOf(scoredAt, n), 1_000L);
            Rate visible = Rate.of(Arrays.copyOf(receivedAt, n), 1L);
            result.put("windowsPerSecond", scoring.perSecond());
            result.put("cpuCoresByThread", cpuByThread);
            // Any warm-up left (JIT, first fetches, the first windows of each sensor) weighs on the first half.
            result.put("windowsPerSecondLaterHalf", Rate.ofLaterHalf(Arrays.copyOf(scoredAt, n), 1_000L).perSecond());
            result.put("samplesPerSecond", scoring.perSecond() * hop());
            result.put("scoringSpanSeconds", scoring.spanSeconds());
            result.put("visibleWindowsPerSecond", visible.perSecond());
            result.put("visibleSpanSeconds", visible.spanSeconds());
            if (n > 0) {
                long firstVisible = Arrays.stream(receivedAt, 0, n).min().getAsLong();
                long lastVisible = Arrays.stream(receivedAt, 0, n).max().getAsLong();
                result.put("secondsFromSubmitToFirstScore", (firstVisible - submitted) / 1e6);
                result.put("secondsFromSubmitToLastScore", (lastVisible - submitted) / 1e6);
            }
            System.out.printf(Locale.ROOT,
                    "drain: %d windows, %.0f windows/s scored (later half %.0f), %.0f windows/s readable%s%n",
                    count.get(), scoring.perSecond(), result.get("windowsPerSecondLaterHalf"), visible.perSecond(),
                    count.get() >= expected ? "" : " INCOMPLETE: timed out");
            System.out.println("drain: cores used from 10 % to 90 % of the windows: " + cpuByThread);
            if (Double.isNaN(scoring.perSecond())) {
                System.out.println("drain: warning: no rate: all windows were scored in one batch;"
                        + " use a backlog many batches long (--sensors x --windows-per-sensor)");
            }
            return result;
        } finally {
            KafkaTools.deleteTopics(kafka.bootstrapServers(), topics.all());
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

    private int chunksPerSensor(int windowsPerSensor) {
        long samples = (long) (windowsPerSensor - 1) * hop() + windowLength();
        return (int) ((samples + settings.chunkSamples() - 1) / settings.chunkSamples());
    }

    private int hop() {
        return jobConfig("probe").hopFor(windowLength());
    }

    private static Map<String, Object> describe(KafkaTools.Backlog backlog, int sensors) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("sensors", sensors);
        map.put("chunksPerSensor", backlog.chunksPerSensor());
        map.put("chunks", backlog.chunks());
        map.put("bytes", backlog.bytes());
        map.put("produceSeconds", backlog.seconds());
        return map;
    }

    // ---------------------------------------------------------------------------------------------
    // Paced runs: latency and soak

    /** Samples memory during a soak run and writes one CSV line per sample. */
    public static final class SoakRecorder {
        private final PrintWriter csv;
        private final long intervalMicros;
        private final List<double[]> rss = new ArrayList<>();
        private long heapMax;
        private long rssMax;
        private long firstRss = -1;
        private long lastRss = -1;

        public SoakRecorder(Path csvFile, double intervalSeconds) throws IOException {
            this.csv = new PrintWriter(Files.newBufferedWriter(csvFile));
            this.intervalMicros = (long) (intervalSeconds * 1e6);
            csv.println("elapsed_s,heap_used_mb,heap_committed_mb,non_heap_used_mb,direct_used_mb,rss_mb,"
                    + "windows_measured,interval_windows,interval_p50_ms,interval_p99_ms");
            csv.flush();
        }

        void sample(double elapsedSeconds, long measured, LatencyHistogram interval) {
            MemoryProbe.Reading r = MemoryProbe.read();
            long intervalCount;
            long p50;
            long p99;
            synchronized (interval) {
                intervalCount = interval.count();
                p50 = interval.percentile(0.5);
                p99 = interval.percentile(0.99);
                interval.reset();
            }
            csv.printf(Locale.ROOT, "%.1f,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%d,%d,%d%n", elapsedSeconds, mb(r.heapUsed()),
                    mb(r.heapCommitted()), mb(r.nonHeapUsed()), mb(r.directUsed()), mb(r.rss()), measured,
                    intervalCount, p50, p99);
            csv.flush();
            heapMax = Math.max(heapMax, r.heapUsed());
            rssMax = Math.max(rssMax, r.rss());
            if (firstRss < 0) {
                firstRss = r.rss();
            }
            lastRss = r.rss();
            rss.add(new double[] {elapsedSeconds, mb(r.rss())});
        }

        Map<String, Object> summary() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("samples", rss.size());
            map.put("heapUsedMaxMb", mb(heapMax));
            map.put("rssFirstMb", mb(firstRss));
            map.put("rssLastMb", mb(lastRss));
            map.put("rssMaxMb", mb(rssMax));
            // Slope over the second half: start-up growth excluded, a leak stays visible.
            map.put("rssSlopeSecondHalfMbPerMinute", slope(rss.subList(rss.size() / 2, rss.size())) * 60);
            return map;
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

        void close() {
            csv.close();
        }
    }

    /**
     * Runs the fleet in real time at {@code targetWindowsPerSecond} and measures, for every window
     * that ends in the measured span, the time from its last sample to its score being readable
     * by a {@code read_committed} consumer.
     *
     * @param soak when not null, memory is sampled every interval during the whole run
     */
    public Map<String, Object> paced(String phase, double targetWindowsPerSecond, double warmupSeconds,
            double measureSeconds, SoakRecorder soak) throws Exception {
        int hop = hop();
        double perSensor = sampleRate() / hop;
        int requested = (int) Math.round(targetWindowsPerSecond / perSensor);
        // Every partition needs sensors, or its watermark would stall until the idleness timeout.
        int sensors = Math.max(settings.partitions(), requested);
        String prefix = nextPrefix(phase);
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        kafka.createTopics(topics.withPartitions(settings.partitions()));
        ScoringJobConfig config = jobConfig(prefix);
        ChunkFactory factory = new ChunkFactory(sensors, settings.chunkSamples(), sampleRate(), POOL_CHUNKS, 2);

        LatencyHistogram latency = new LatencyHistogram(LATENCY_CEILING_MS);
        // The two parts of the latency: until the scorer emitted the score, and from there until readable.
        LatencyHistogram untilScored = new LatencyHistogram(LATENCY_CEILING_MS);
        LatencyHistogram scoredToReadable = new LatencyHistogram(LATENCY_CEILING_MS);
        LatencyHistogram interval = new LatencyHistogram(LATENCY_CEILING_MS);
        LatencyHistogram lateness = new LatencyHistogram(LATENCY_CEILING_MS);
        AtomicLong measured = new AtomicLong();
        AtomicLong beforeSpan = new AtomicLong();
        AtomicLong afterSpan = new AtomicLong();
        // Set once the origin is known; read on the reader thread.
        AtomicLongArray span = new AtomicLongArray(2);
        Map<String, Object> result = new LinkedHashMap<>();
        Map<String, Double> cpuByThread = new LinkedHashMap<>();
        try (ScoreReader reader = new ScoreReader(kafka.bootstrapServers(), topics.scores(), (received, score) -> {
            long end = toMicros(score.getWindowEnd());
            if (end < span.get(0)) {
                beforeSpan.incrementAndGet();
            } else if (end > span.get(1)) {
                afterSpan.incrementAndGet();
            } else {
                long millis = (received - end) / 1_000L;
                latency.record(millis);
                interval.record(millis);
                long scoredAtMillis = score.getScoredAt().toEpochMilli();
                untilScored.record(Math.max(0, scoredAtMillis - end / 1_000L));
                scoredToReadable.record(Math.max(0, received / 1_000L - scoredAtMillis));
                measured.incrementAndGet();
            }
        })) {
            JobID job = flink().start(config, prefix);
            // Whole milliseconds, so that event time in ms (Flink's unit) loses nothing.
            long origin = (MonotonicClock.nowMicros() / 1_000L + 2_000L) * 1_000L;
            PacedLoad load = new PacedLoad(factory, settings.partitions(), origin, windowLength(), hop);
            long stop = origin + (long) ((warmupSeconds + measureSeconds) * 1e6);
            // The last windows before the stop are released by the watermark only after
            // out-of-orderness + lateness: leave them out rather than flush them early.
            long margin = (config.outOfOrderness.toMillis() + config.allowedLateness.toMillis()) * 1_000L
                    + 2 * factory.micros(settings.chunkSamples());
            long from = origin + (long) (warmupSeconds * 1e6);
            long to = stop - margin;
            // Nothing can arrive before the producer starts: set the span before it does.
            span.set(0, from);
            span.set(1, to);
            if (to <= from) {
                throw new IllegalArgumentException("The measured span is empty: make the run longer than "
                        + margin / 1e6 + " s (out-of-orderness + lateness)");
            }
            long expected = load.windowsEndingIn(from, to);
            System.out.printf(Locale.ROOT, "%s: %d sensors, %.0f windows/s offered, %.0f s warm-up + %.0f s%n",
                    phase, sensors, load.windowsPerSecond(), warmupSeconds, measureSeconds);

            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            AtomicBoolean stopProducer = new AtomicBoolean();
            AtomicLong sent = new AtomicLong();
            Thread producerThread = new Thread(() -> {
                try (KafkaProducer<byte[], byte[]> producer =
                        KafkaTools.producer(kafka.bootstrapServers(), settings.producerLingerMillis())) {
                    sent.set(load.produce(producer, topics.chunks(), stop, lateness, stopProducer::get));
                } catch (Throwable e) {
                    producerFailure.compareAndSet(null, e);
                }
            }, "paced-producer");
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
                        soak.sample((now - origin) / 1e6, measured.get(), interval);
                        nextSample += soak.intervalMicros;
                    }
                }
                if (producerFailure.get() != null) {
                    throw new IllegalStateException("The paced producer failed: " + producerFailure.get(),
                            producerFailure.get());
                }
                // With exactly-once the last scores become readable at the next checkpoints.
                long grace = System.nanoTime()
                        + config.checkpointInterval.multipliedBy(2).plusSeconds(30).toNanos();
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
            result.put("fleet", load.describe());
            result.put("targetWindowsPerSecond", targetWindowsPerSecond);
            if (sensors != requested) {
                result.put("note", "sensors raised from " + requested + " to the partition count " + sensors);
            }
            result.put("warmupSeconds", warmupSeconds);
            result.put("measuredSeconds", (span.get(1) - span.get(0)) / 1e6);
            result.put("chunksSent", sent.get());
            result.put("expectedWindows", expected);
            result.put("measuredWindows", measured.get());
            result.put("complete", measured.get() >= expected);
            result.put("windowsBeforeSpan", beforeSpan.get());
            result.put("windowsAfterSpan", afterSpan.get());
            result.put("achievedWindowsPerSecond", measured.get() / ((span.get(1) - span.get(0)) / 1e6));
            result.put("latency", latency.summary());
            result.put("latencyUntilScored", untilScored.summary());
            result.put("latencyScoredToReadable", scoredToReadable.summary());
            result.put("producerLateness", lateness.summary());
            result.put("cpuCoresByThread", cpuByThread);
        } finally {
            KafkaTools.deleteTopics(kafka.bootstrapServers(), topics.all());
        }
        if (soak != null) {
            result.put("memory", soak.summary());
            soak.close();
        }
        Map<String, Object> summary = latency.summary();
        System.out.printf(Locale.ROOT, "%s: %d windows, latency p50 %s ms, p95 %s ms, p99 %s ms, max %s ms%s%n", phase,
                measured.get(), summary.get("p50Ms"), summary.get("p95Ms"), summary.get("p99Ms"), summary.get("maxMs"),
                Boolean.TRUE.equals(result.get("complete")) ? "" : " INCOMPLETE: some windows never became readable");
        System.out.printf(Locale.ROOT, "%s: of which window end -> scored p50 %d / p99 %d ms, scored -> readable p50 %d / p99 %d ms%n",
                phase, untilScored.percentile(0.5), untilScored.percentile(0.99), scoredToReadable.percentile(0.5),
                scoredToReadable.percentile(0.99));
        System.out.println(phase + ": cores used over the measured span: " + cpuByThread);
        long producerP99 = lateness.percentile(0.99);
        if (producerP99 > 50) {
            System.out.println(phase + ": warning: the producer's sends were up to " + producerP99
                    + " ms late (p99): the machine is saturated, latencies include producer delay");
        }
        return result;
    }

    private static long toMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000L;
    }

    @Override
    public void close() {
        if (flink != null) {
            flink.close();
            flink = null;
        }
    }
}
