package io.drsnstream.job.config;

import io.drsnstream.job.config.ScoringJobConfig.StartingOffsets;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every setting of the scoring job as a Flink {@link ConfigOption}: typed, with its default and
 * description, durations as durations ({@code 500 ms}, {@code 10 s}; a bare number is
 * milliseconds). The README's settings table lists exactly {@link #ALL}; {@link ScoringJobConfig}
 * rejects any other key, so a typo cannot silently fall back to a default.
 *
 * <p>The {@code .ms} keys of earlier releases are deprecated keys of the duration options: old
 * command lines keep working, and Flink logs which key to use instead.
 */
public final class ScoringJobOptions {

    /** Prefix of settings passed through to every Kafka client (security: SASL, SSL). */
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap.servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers (required)");

    public static final ConfigOption<String> TOPIC_CHUNKS =
            ConfigOptions.key("topic.chunks")
                    .stringType()
                    .defaultValue("sensor-chunks")
                    .withDescription("Topic of SensorChunk records to score");

    public static final ConfigOption<String> TOPIC_SCORES =
            ConfigOptions.key("topic.scores")
                    .stringType()
                    .defaultValue("sensor-scores")
                    .withDescription("Topic the ScoredWindow records are written to");

    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            ConfigOptions.key("topic.dead-letters")
                    .stringType()
                    .defaultValue("sensor-dead-letters")
                    .withDescription("Topic the DeadLetter records are written to");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("group.id")
                    .stringType()
                    .defaultValue("drsn-scoring")
                    .withDescription("Kafka consumer group of the source");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED)
                    .withDescription(
                            "Where to start without a checkpoint: earliest, latest, or committed (group offsets,"
                                    + " else earliest)");

    public static final ConfigOption<String> MODEL_DIR =
            ConfigOptions.key("model.dir")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Directory of the model artifact (model.json + parameters) (required)");

    public static final ConfigOption<Integer> WINDOW_HOP =
            ConfigOptions.key("window.hop")
                    .intType()
                    .noDefaultValue()
                    .withDescription(
                            "Samples between window starts; default: the model's window length (no overlap)");

    public static final ConfigOption<Integer> BATCH_SIZE =
            ConfigOptions.key("batch.size")
                    .intType()
                    .defaultValue(64)
                    .withDescription("Most windows scored in one forward pass");

    public static final ConfigOption<Duration> BATCH_TIMEOUT =
            ConfigOptions.key("batch.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMillis(50))
                    .withDeprecatedKeys("batch.timeout.ms")
                    .withDescription("Longest a window waits for its batch to fill");

    public static final ConfigOption<Float> ANOMALY_THRESHOLD =
            ConfigOptions.key("anomaly.threshold")
                    .floatType()
                    .noDefaultValue()
                    .withDescription(
                            "anomalyScore (1 - P(healthy)) at or above which a window is an anomaly; default:"
                                    + " the model's calibrated threshold, else 0.5");

    public static final ConfigOption<Duration> OUT_OF_ORDERNESS =
            ConfigOptions.key("out-of-orderness")
                    .durationType()
                    .defaultValue(Duration.ofMillis(500))
                    .withDeprecatedKeys("out-of-orderness.ms")
                    .withDescription("Bound on how far chunks arrive out of event-time order");

    public static final ConfigOption<Duration> ALLOWED_LATENESS =
            ConfigOptions.key("allowed-lateness")
                    .durationType()
                    .defaultValue(Duration.ZERO)
                    .withDeprecatedKeys("allowed-lateness.ms")
                    .withDescription(
                            "Extra wait behind the watermark before a chunk's place is final");

    public static final ConfigOption<Duration> IDLENESS =
            ConfigOptions.key("idleness")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDeprecatedKeys("idleness.ms")
                    .withDescription(
                            "A partition without records for this long stops holding back the watermark");

    public static final ConfigOption<Integer> CHUNK_MAX_SAMPLES =
            ConfigOptions.key("chunk.max-samples")
                    .intType()
                    .defaultValue(65_536)
                    .withDescription("Chunks with more samples are dead letters (OVERSIZED)");

    public static final ConfigOption<Integer> MAX_PENDING_CHUNKS =
            ConfigOptions.key("state.max-pending-chunks")
                    .intType()
                    .defaultValue(256)
                    .withDescription(
                            "Cap on chunks per sensor waiting for the watermark; beyond it the oldest is assembled"
                                    + " at once");

    public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
            ConfigOptions.key("checkpoint.interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDeprecatedKeys("checkpoint.interval.ms")
                    .withDescription(
                            "Checkpoint interval; with exactly-once, scores become visible at each checkpoint");

    public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE =
            ConfigOptions.key("delivery.guarantee")
                    .enumType(DeliveryGuarantee.class)
                    .defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
                    .withDescription("exactly-once, at-least-once or none");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("transaction.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDeprecatedKeys("transaction.timeout.ms")
                    .withDescription(
                            "Kafka transaction timeout of the sinks; must not exceed the broker's"
                                    + " transaction.max.timeout.ms (15 min by default)");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("transactional-id.prefix")
                    .stringType()
                    .defaultValue("drsn-scoring")
                    .withDescription(
                            "Prefix of the sinks' transactional ids; unique per job on a cluster");

    public static final ConfigOption<Integer> PARALLELISM =
            ConfigOptions.key("parallelism")
                    .intType()
                    .noDefaultValue()
                    .withDescription("Parallelism of the job; default: the cluster's");

    public static final ConfigOption<String> SCORING_DEVICE =
            ConfigOptions.key("scoring.device")
                    .stringType()
                    .defaultValue("auto")
                    .withDescription(
                            "auto (the TaskManager's GPU when Flink assigned one, else CPU), cpu or gpu");

    public static final ConfigOption<Integer> SCORING_THREADS =
            ConfigOptions.key("scoring.threads")
                    .intType()
                    .defaultValue(1)
                    .withDescription(
                            "PyTorch intra-op threads per scoring subtask; keep threads x busy slots <= cores");

    /** Every option, in the order of the README's table. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    TOPIC_CHUNKS,
                    TOPIC_SCORES,
                    TOPIC_DEAD_LETTERS,
                    GROUP_ID,
                    STARTING_OFFSETS,
                    MODEL_DIR,
                    WINDOW_HOP,
                    BATCH_SIZE,
                    BATCH_TIMEOUT,
                    ANOMALY_THRESHOLD,
                    OUT_OF_ORDERNESS,
                    ALLOWED_LATENESS,
                    IDLENESS,
                    CHUNK_MAX_SAMPLES,
                    MAX_PENDING_CHUNKS,
                    CHECKPOINT_INTERVAL,
                    DELIVERY_GUARANTEE,
                    TRANSACTION_TIMEOUT,
                    TRANSACTIONAL_ID_PREFIX,
                    PARALLELISM,
                    SCORING_DEVICE,
                    SCORING_THREADS);

    private ScoringJobOptions() {}
}
