package io.drsnstream.job.config;

import io.drsnstream.schemas.Topics;
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

    /**
     * Prefix of settings passed through to every Kafka client (security: SASL, SSL); {@link
     * #KAFKA_CONFIG_FILE} shares it but is a setting of its own, never passed through.
     */
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("bootstrap.servers")
                    .stringType()
                    .noDefaultValue()
                    .withDescription("Kafka bootstrap servers (required)");

    public static final ConfigOption<String> TOPIC_CHUNKS =
            ConfigOptions.key("topic.chunks")
                    .stringType()
                    .defaultValue(Topics.SENSOR_CHUNKS)
                    .withDescription("Topic of SensorChunk records to score");

    public static final ConfigOption<String> TOPIC_SCORES =
            ConfigOptions.key("topic.scores")
                    .stringType()
                    .defaultValue(Topics.SENSOR_SCORES)
                    .withDescription("Topic the ScoredWindow records are written to");

    public static final ConfigOption<String> TOPIC_DEAD_LETTERS =
            ConfigOptions.key("topic.dead-letters")
                    .stringType()
                    .defaultValue(Topics.DEAD_LETTERS)
                    .withDescription("Topic the DeadLetter records are written to");

    public static final ConfigOption<Integer> DEAD_LETTER_MAX_PAYLOAD_BYTES =
            ConfigOptions.key("dead-letter.max-payload-bytes")
                    .intType()
                    .defaultValue(512 * 1024)
                    .withDescription(
                            "A rejected record's value longer than this is cut to its first bytes in the dead letter"
                                    + " (payloadTruncated; its length and SHA-256 are kept); at least 64 KiB below the"
                                    + " producer's max.request.size");

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

    public static final ConfigOption<Duration> IDLE_TIMEOUT =
            ConfigOptions.key("state.idle-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "A sensor that sends nothing for this long, by event time and by the wall clock, has its"
                                    + " window state freed; its partial window is counted, not scored; longer than"
                                    + " allowed-lateness");

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

    public static final ConfigOption<String> TOPIC_ALERTS =
            ConfigOptions.key("topic.alerts")
                    .stringType()
                    .defaultValue(Topics.SENSOR_ALERTS)
                    .withDescription("Topic the SensorAlert records are written to");

    public static final ConfigOption<String> TOPIC_ALERT_CONFIG =
            ConfigOptions.key("topic.alert-config")
                    .stringType()
                    .defaultValue(Topics.SENSOR_ALERT_CONFIG)
                    .withDescription(
                            "Compacted topic of AlertPolicyOverride records (per-sensor and per-machine alert rules),"
                                    + " read from the start; it must exist");

    public static final ConfigOption<String> TOPIC_MODEL_CONTROL =
            ConfigOptions.key("topic.model-control")
                    .stringType()
                    .defaultValue(Topics.MODEL_CONTROL)
                    .withDescription(
                            "Topic of ModelCommand records (DEPLOY, SHADOW, PROMOTE, ROLLBACK), one partition,"
                                    + " read from the start on a fresh start; it must exist");

    public static final ConfigOption<String> TOPIC_MODEL_STATUS =
            ConfigOptions.key("topic.model-status")
                    .stringType()
                    .defaultValue(Topics.MODEL_STATUS)
                    .withDescription(
                            "Topic the job writes ModelStatus records to: each scoring subtask's outcome of each"
                                    + " model command");

    public static final ConfigOption<String> TOPIC_SCORES_SHADOW =
            ConfigOptions.key("topic.scores-shadow")
                    .stringType()
                    .defaultValue(Topics.SENSOR_SCORES_SHADOW)
                    .withDescription(
                            "Topic the job writes the shadow model's ScoredWindow records to (empty while no"
                                    + " model is shadowing)");

    public static final ConfigOption<AlertKey> ALERT_KEY_BY =
            ConfigOptions.key("alert.key-by")
                    .enumType(AlertKey.class)
                    .defaultValue(AlertKey.SENSOR)
                    .withDescription(
                            "sensor: one alert per sensor; machine: one per machine, pooling its sensors' windows");

    public static final ConfigOption<Integer> ALERT_RAISE_WINDOWS =
            ConfigOptions.key("alert.raise-windows")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "k: an alert is raised when k of the last n windows are anomalies");

    public static final ConfigOption<Integer> ALERT_WINDOW_COUNT =
            ConfigOptions.key("alert.window-count")
                    .intType()
                    .defaultValue(10)
                    .withDescription("n: how many of a sensor's latest windows are the evidence");

    public static final ConfigOption<Integer> ALERT_CLEAR_WINDOWS =
            ConfigOptions.key("alert.clear-windows")
                    .intType()
                    .defaultValue(8)
                    .withDescription(
                            "m: an open alert is cleared when m of the last n windows are healthy; k + m > n");

    public static final ConfigOption<Float> ALERT_THRESHOLD =
            ConfigOptions.key("alert.anomaly-threshold")
                    .floatType()
                    .noDefaultValue()
                    .withDescription(
                            "anomalyScore at or above which a window counts as an anomaly for alerts; default: the"
                                    + " scoring threshold");

    public static final ConfigOption<Float> ALERT_SCORE_STEP =
            ConfigOptions.key("alert.score-step")
                    .floatType()
                    .defaultValue(0.1f)
                    .withDescription(
                            "An open alert is updated when its mean anomaly score enters another step of this size");

    public static final ConfigOption<Duration> ALERT_MIN_DURATION =
            ConfigOptions.key("alert.min-duration")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(30))
                    .withDescription("An alert stays open at least this long (event time)");

    public static final ConfigOption<Duration> ALERT_MIN_UPDATE_INTERVAL =
            ConfigOptions.key("alert.min-update-interval")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(10))
                    .withDescription("At most one update of an alert per interval (event time)");

    public static final ConfigOption<Duration> ALERT_NO_DATA_TIMEOUT =
            ConfigOptions.key("alert.no-data-timeout")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(60))
                    .withDescription(
                            "A sensor without windows for this long (event time) ends its open alert with NO_DATA"
                                    + " and has its state freed");

    public static final ConfigOption<Duration> CHECKPOINT_TIMEOUT =
            ConfigOptions.key("checkpoint.timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(5))
                    .withDescription(
                            "A checkpoint not complete after this long is declared failed");

    public static final ConfigOption<Duration> CHECKPOINT_MIN_PAUSE =
            ConfigOptions.key("checkpoint.min-pause")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Least time between the end of one checkpoint and the start of the next");

    public static final ConfigOption<Integer> CHECKPOINT_TOLERABLE_FAILURES =
            ConfigOptions.key("checkpoint.tolerable-failures")
                    .intType()
                    .defaultValue(3)
                    .withDescription(
                            "Consecutive failed checkpoints the job tolerates before it restarts");

    public static final ConfigOption<Integer> MAX_PARALLELISM =
            ConfigOptions.key("max-parallelism")
                    .intType()
                    .defaultValue(128)
                    .withDescription(
                            "Key groups of the keyed state: the highest parallelism a savepoint can be restored"
                                    + " at; fixed for the life of the state");

    public static final ConfigOption<RestartStrategy> RESTART_STRATEGY =
            ConfigOptions.key("restart.strategy")
                    .enumType(RestartStrategy.class)
                    .defaultValue(RestartStrategy.EXPONENTIAL_DELAY)
                    .withDescription(
                            "exponential-delay (restart after growing pauses, up to restart.max-attempts without a"
                                    + " stable restart.reset-after) or none");

    public static final ConfigOption<Duration> RESTART_INITIAL_DELAY =
            ConfigOptions.key("restart.initial-delay")
                    .durationType()
                    .defaultValue(Duration.ofSeconds(1))
                    .withDescription(
                            "Pause before the first restart; doubled after each further failure");

    public static final ConfigOption<Duration> RESTART_MAX_DELAY =
            ConfigOptions.key("restart.max-delay")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(1))
                    .withDescription("Cap on the pause between restarts");

    public static final ConfigOption<Duration> RESTART_RESET_AFTER =
            ConfigOptions.key("restart.reset-after")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Running this long without a failure starts the pauses and the attempt count afresh");

    public static final ConfigOption<Integer> RESTART_MAX_ATTEMPTS =
            ConfigOptions.key("restart.max-attempts")
                    .intType()
                    .defaultValue(20)
                    .withDescription(
                            "Restarts without a stable restart.reset-after in between before the job fails");

    public static final ConfigOption<String> KAFKA_CONFIG_FILE =
            ConfigOptions.key("kafka.config-file")
                    .stringType()
                    .noDefaultValue()
                    .withDescription(
                            "Java properties file of Kafka client settings (e.g. security.protocol, sasl.jaas.config),"
                                    + " read at submission, for every Kafka client of the job; a --kafka.<property>"
                                    + " argument wins over the same key in the file");

    /** How the job recovers from a failure a restart can cure (never from an invalid artifact). */
    public enum RestartStrategy {
        EXPONENTIAL_DELAY,
        NONE;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Where the source starts when it has no checkpoint. */
    public enum StartingOffsets {
        EARLIEST,
        LATEST,
        COMMITTED
    }

    /** The value of the {@code scoring.device} setting: where a scoring subtask runs the network. */
    public enum DeviceSetting {
        AUTO,
        CPU,
        GPU;

        /** Parses {@code auto | cpu | gpu}, case-insensitive. */
        public static DeviceSetting parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException(
                        "scoring.device must be one of auto, cpu, gpu; got '" + value + "'", e);
            }
        }
    }

    /** What an alert is about. */
    public enum AlertKey {
        SENSOR,
        MACHINE
    }

    /** Every option, in the order of the README's table. */
    public static final List<ConfigOption<?>> ALL =
            List.of(
                    BOOTSTRAP_SERVERS,
                    TOPIC_CHUNKS,
                    TOPIC_SCORES,
                    TOPIC_DEAD_LETTERS,
                    DEAD_LETTER_MAX_PAYLOAD_BYTES,
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
                    IDLE_TIMEOUT,
                    CHECKPOINT_INTERVAL,
                    DELIVERY_GUARANTEE,
                    TRANSACTION_TIMEOUT,
                    TRANSACTIONAL_ID_PREFIX,
                    PARALLELISM,
                    SCORING_DEVICE,
                    SCORING_THREADS,
                    CHECKPOINT_TIMEOUT,
                    CHECKPOINT_MIN_PAUSE,
                    CHECKPOINT_TOLERABLE_FAILURES,
                    MAX_PARALLELISM,
                    RESTART_STRATEGY,
                    RESTART_INITIAL_DELAY,
                    RESTART_MAX_DELAY,
                    RESTART_RESET_AFTER,
                    RESTART_MAX_ATTEMPTS,
                    TOPIC_ALERTS,
                    TOPIC_ALERT_CONFIG,
                    TOPIC_MODEL_CONTROL,
                    TOPIC_MODEL_STATUS,
                    TOPIC_SCORES_SHADOW,
                    ALERT_KEY_BY,
                    ALERT_RAISE_WINDOWS,
                    ALERT_WINDOW_COUNT,
                    ALERT_CLEAR_WINDOWS,
                    ALERT_THRESHOLD,
                    ALERT_SCORE_STEP,
                    ALERT_MIN_DURATION,
                    ALERT_MIN_UPDATE_INTERVAL,
                    ALERT_NO_DATA_TIMEOUT,
                    KAFKA_CONFIG_FILE);

    private ScoringJobOptions() {}
}
