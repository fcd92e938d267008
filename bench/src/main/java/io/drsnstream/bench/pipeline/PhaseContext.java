package io.drsnstream.bench.pipeline;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.kafka.LocalKafkaBroker;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the phases of one {@code PipelineBenchmark} run share: the settings, the broker, the Flink
 * MiniCluster (started by the first phase that runs the job) and the job's settings. Every phase
 * gets fresh topics, a fresh consumer group and transactional-id prefix, and its own job, so
 * phases never see each other's records or transactions; its topics are deleted afterwards.
 */
public final class PhaseContext implements AutoCloseable {

    /** Chunks simulated per health state for a fleet's sample pool (about 3 s of signal each). */
    private static final int POOL_CHUNKS = 160;

    /** Event time of the backlogs' first samples (Nov 2025); only differences matter. */
    static final long BACKLOG_ORIGIN_MICROS = 1_764_000_000_000_000L;

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
    public static final List<String> MANAGED_SETTINGS =
            List.of(
                    "bootstrap.servers",
                    "model.dir",
                    "topic.chunks",
                    "topic.scores",
                    "topic.dead-letters",
                    "group.id",
                    "transactional-id.prefix",
                    "starting-offsets",
                    "restart.strategy",
                    "delivery.guarantee",
                    "parallelism");

    private final Settings settings;
    private final LocalKafkaBroker kafka;
    private FlinkRunner flink;
    private int phaseCount;

    public PhaseContext(Settings settings, LocalKafkaBroker kafka) {
        this.settings = settings;
        this.kafka = kafka;
    }

    Settings settings() {
        return settings;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * The job's settings for one phase: the job's own defaults, then {@code scoring.device=cpu},
     * then the user's {@code --set} values, then the harness's own (topics, group, delivery...).
     */
    ScoringJobConfig jobConfig(String prefix) {
        return jobConfig(settings, kafka.bootstrapServers(), prefix);
    }

    /**
     * The same without a broker, e.g. to validate the settings before anything starts.
     *
     * @throws io.drsnstream.job.config.InvalidConfigException naming a bad setting
     */
    public static ScoringJobConfig jobConfig(
            Settings settings, String bootstrapServers, String prefix) {
        return jobConfig(settings, bootstrapServers, prefix, false);
    }

    /**
     * @param restarts false: a failure ends the job (the measuring phases); true: the job's own
     *     restart strategy and its settings, as deployed (the chaos phase)
     */
    static ScoringJobConfig jobConfig(
            Settings settings, String bootstrapServers, String prefix, boolean restarts) {
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        Map<String, String> map = new HashMap<>();
        map.put("scoring.device", "cpu");
        map.putAll(settings.jobOverrides());
        map.put("bootstrap.servers", bootstrapServers);
        map.put("model.dir", settings.modelDir().toString());
        map.put("topic.chunks", topics.chunks());
        map.put("topic.scores", topics.scores());
        map.put("topic.dead-letters", topics.deadLetters());
        map.put("topic.alerts", topics.alerts());
        map.put("topic.alert-config", topics.alertConfig());
        map.put("topic.model-control", topics.modelControl());
        map.put("topic.model-status", topics.modelStatus());
        map.put("topic.scores-shadow", topics.shadowScores());
        map.put("group.id", prefix + "-group");
        map.put("transactional-id.prefix", prefix);
        map.put("starting-offsets", "earliest");
        if (!restarts) {
            // A failure ends the run with its reason: a measurement must not hide a restart.
            map.put("restart.strategy", "none");
        }
        map.put("delivery.guarantee", settings.delivery());
        map.put("parallelism", Integer.toString(settings.parallelism()));
        return ScoringJobConfig.fromMap(map);
    }

    /** The effective job settings, for the result file (keys as the job's settings). */
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

    /** A prefix for the next phase's topics, group and transactional ids: unique in the run. */
    String nextPrefix(String phase) {
        return "bench-" + settings.runId() + "-" + (++phaseCount) + "-" + phase;
    }

    /** Creates the next phase's topics, the chunks and scores topics with the run's partitions. */
    KafkaTools.PhaseTopics createTopics(String prefix) {
        KafkaTools.PhaseTopics topics = KafkaTools.PhaseTopics.of(prefix);
        kafka.createTopics(topics.withPartitions(settings.partitions()));
        return topics;
    }

    void deleteTopics(KafkaTools.PhaseTopics topics) {
        KafkaTools.deleteTopics(kafka.bootstrapServers(), topics.all());
    }

    /** {@code sensors} simulated sensors sending {@code --chunk-samples} chunks at the model's rate. */
    ChunkFactory fleet(int sensors, long seed) {
        return new ChunkFactory(sensors, settings.chunkSamples(), sampleRate(), POOL_CHUNKS, seed);
    }

    /** Writes {@code windowsPerSensor} windows of every sensor of {@code fleet}, starting at the backlog origin. */
    KafkaTools.Backlog produceBacklog(
            KafkaTools.PhaseTopics topics,
            ChunkFactory fleet,
            int windowsPerSensor,
            boolean watermarkFlush) {
        return KafkaTools.produceBacklog(
                kafka.bootstrapServers(),
                topics.chunks(),
                settings.partitions(),
                fleet,
                chunksPerSensor(windowsPerSensor),
                BACKLOG_ORIGIN_MICROS,
                watermarkFlush);
    }

    int windowLength() {
        return settings.model().windowLength();
    }

    double sampleRate() {
        return settings.model().sampleRateHz();
    }

    /** Samples between window starts, as the job computes it. */
    int hop() {
        return jobConfig("probe").hopFor(windowLength());
    }

    /** Chunks per sensor that hold {@code windowsPerSensor} windows. */
    int chunksPerSensor(int windowsPerSensor) {
        long samples = (long) (windowsPerSensor - 1) * hop() + windowLength();
        return (int) ((samples + settings.chunkSamples() - 1) / settings.chunkSamples());
    }

    FlinkRunner flink() throws Exception {
        if (flink == null) {
            flink = new FlinkRunner(settings.parallelism(), settings.flinkOptions());
        }
        return flink;
    }

    @Override
    public void close() {
        if (flink != null) {
            flink.close();
            flink = null;
        }
    }
}
