package io.drsnstream.job.config;

import static io.drsnstream.job.config.ScoringJobOptions.ALERT_CLEAR_WINDOWS;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_KEY_BY;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_MIN_DURATION;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_MIN_UPDATE_INTERVAL;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_NO_DATA_TIMEOUT;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_RAISE_WINDOWS;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_SCORE_STEP;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_THRESHOLD;
import static io.drsnstream.job.config.ScoringJobOptions.ALERT_WINDOW_COUNT;
import static io.drsnstream.job.config.ScoringJobOptions.ALL;
import static io.drsnstream.job.config.ScoringJobOptions.ALLOWED_LATENESS;
import static io.drsnstream.job.config.ScoringJobOptions.ANOMALY_THRESHOLD;
import static io.drsnstream.job.config.ScoringJobOptions.BATCH_SIZE;
import static io.drsnstream.job.config.ScoringJobOptions.BATCH_TIMEOUT;
import static io.drsnstream.job.config.ScoringJobOptions.BOOTSTRAP_SERVERS;
import static io.drsnstream.job.config.ScoringJobOptions.CHECKPOINT_INTERVAL;
import static io.drsnstream.job.config.ScoringJobOptions.CHECKPOINT_MIN_PAUSE;
import static io.drsnstream.job.config.ScoringJobOptions.CHECKPOINT_TIMEOUT;
import static io.drsnstream.job.config.ScoringJobOptions.CHECKPOINT_TOLERABLE_FAILURES;
import static io.drsnstream.job.config.ScoringJobOptions.CHUNK_MAX_SAMPLES;
import static io.drsnstream.job.config.ScoringJobOptions.DEAD_LETTER_MAX_PAYLOAD_BYTES;
import static io.drsnstream.job.config.ScoringJobOptions.DELIVERY_GUARANTEE;
import static io.drsnstream.job.config.ScoringJobOptions.GROUP_ID;
import static io.drsnstream.job.config.ScoringJobOptions.IDLENESS;
import static io.drsnstream.job.config.ScoringJobOptions.IDLE_TIMEOUT;
import static io.drsnstream.job.config.ScoringJobOptions.KAFKA_CONFIG_FILE;
import static io.drsnstream.job.config.ScoringJobOptions.KAFKA_PASSTHROUGH_PREFIX;
import static io.drsnstream.job.config.ScoringJobOptions.MAX_PARALLELISM;
import static io.drsnstream.job.config.ScoringJobOptions.MAX_PENDING_CHUNKS;
import static io.drsnstream.job.config.ScoringJobOptions.MODEL_DIR;
import static io.drsnstream.job.config.ScoringJobOptions.OUT_OF_ORDERNESS;
import static io.drsnstream.job.config.ScoringJobOptions.PARALLELISM;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_INITIAL_DELAY;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_MAX_ATTEMPTS;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_MAX_DELAY;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_RESET_AFTER;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_STRATEGY;
import static io.drsnstream.job.config.ScoringJobOptions.SCORING_DEVICE;
import static io.drsnstream.job.config.ScoringJobOptions.SCORING_THREADS;
import static io.drsnstream.job.config.ScoringJobOptions.STARTING_OFFSETS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_ALERTS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_ALERT_CONFIG;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_CHUNKS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_DEAD_LETTERS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_MODEL_CONTROL;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_MODEL_STATUS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_SCORES;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_SCORES_SHADOW;
import static io.drsnstream.job.config.ScoringJobOptions.TRANSACTIONAL_ID_PREFIX;
import static io.drsnstream.job.config.ScoringJobOptions.TRANSACTION_TIMEOUT;
import static io.drsnstream.job.config.ScoringJobOptions.WINDOW_HOP;

import io.drsnstream.drsn.model.ModelMetadata;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.description.HtmlFormatter;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The scoring job's settings, read once at the edge (command line {@code --key value}, and the
 * Kafka client config file it may name: {@link KafkaClientConfigFile}) and validated as a whole: a missing or wrong setting is one {@link InvalidConfigException} with a
 * message that names it, before anything is submitted. Immutable. See {@link ScoringJobOptions}
 * for every key.
 */
public final class ScoringJobConfig implements Serializable {

    private static final long serialVersionUID = 2L;

    /** Kafka's default broker-side {@code transaction.max.timeout.ms}. */
    static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    /**
     * Room a dead letter keeps below the producer's {@code max.request.size} for what it holds
     * besides the payload: the source key (twice: record key and field), coordinates, detail,
     * sensorId, the record batch's framing. These are bytes to hundreds of bytes in practice.
     */
    static final int DEAD_LETTER_METADATA_ALLOWANCE = 64 * 1024;

    /** ParameterTool's value for a {@code --key} given without a value. */
    private static final String NO_VALUE = "__NO_VALUE_KEY";

    public final String bootstrapServers;
    public final String chunksTopic;
    public final String scoresTopic;
    public final String deadLettersTopic;

    /** Longest payload a dead letter carries whole; a longer one is cut to this many bytes. */
    public final int deadLetterMaxPayloadBytes;

    public final String groupId;
    public final ScoringJobOptions.StartingOffsets startingOffsets;

    /** Absolute path of the model artifact directory (a String: Path is not serializable). */
    public final String modelDir;

    /** Samples between window starts, or null for the model's window length. */
    public final Integer windowHop;

    public final int batchSize;
    public final Duration batchTimeout;

    /** The anomaly.threshold setting, or null for the model's calibrated threshold, else 0.5. */
    public final Float anomalyThreshold;

    public final Duration outOfOrderness;
    public final Duration allowedLateness;
    public final Duration idleness;
    public final int chunkMaxSamples;
    public final int maxPendingChunks;

    /** Event time without chunks after which a sensor's window state is freed. */
    public final Duration idleTimeout;

    public final Duration checkpointInterval;
    public final DeliveryGuarantee deliveryGuarantee;
    public final Duration transactionTimeout;
    public final String transactionalIdPrefix;

    /** Job parallelism, or null for the cluster's default. */
    public final Integer parallelism;

    public final ScoringJobOptions.DeviceSetting scoringDevice;
    public final int scoringThreads;
    public final Duration checkpointTimeout;
    public final Duration checkpointMinPause;
    public final int checkpointTolerableFailures;
    public final int maxParallelism;
    public final ScoringJobOptions.RestartStrategy restartStrategy;
    public final Duration restartInitialDelay;
    public final Duration restartMaxDelay;
    public final Duration restartResetAfter;
    public final int restartMaxAttempts;
    public final String alertsTopic;
    public final String alertConfigTopic;
    public final String modelControlTopic;
    public final String modelStatusTopic;
    public final String shadowScoresTopic;
    public final ScoringJobOptions.AlertKey alertKeyBy;
    public final int alertRaiseWindows;
    public final int alertWindowCount;
    public final int alertClearWindows;

    /** The alert.anomaly-threshold setting, or null for the scoring threshold. */
    public final Float alertThreshold;

    public final float alertScoreStep;
    public final Duration alertMinDuration;
    public final Duration alertMinUpdateInterval;
    public final Duration alertNoDataTimeout;

    /** The kafka.config-file setting as given, or null. */
    public final String kafkaConfigFile;

    /**
     * The settings of {@link #kafkaConfigFile}, overridden by the {@code kafka.*} arguments with
     * the prefix removed: for every Kafka client of the job. Secrets may be among them: never log
     * them but through {@link #redactedKafkaClientProperties()}.
     */
    private final TreeMap<String, String> kafkaProperties;

    private ScoringJobConfig(Reader r) {
        bootstrapServers = r.required(BOOTSTRAP_SERVERS);
        chunksTopic = r.text(TOPIC_CHUNKS);
        scoresTopic = r.text(TOPIC_SCORES);
        deadLettersTopic = r.text(TOPIC_DEAD_LETTERS);
        deadLetterMaxPayloadBytes = r.positive(DEAD_LETTER_MAX_PAYLOAD_BYTES);
        groupId = r.text(GROUP_ID);
        startingOffsets = r.choice(STARTING_OFFSETS, ScoringJobOptions.StartingOffsets.values());
        modelDir = r.existingDirectory(MODEL_DIR).toString();
        windowHop = r.optionalPositive(WINDOW_HOP);
        batchSize = r.positive(BATCH_SIZE);
        batchTimeout = r.positiveDuration(BATCH_TIMEOUT);
        anomalyThreshold = r.optionalFraction(ANOMALY_THRESHOLD);
        outOfOrderness = r.duration(OUT_OF_ORDERNESS);
        allowedLateness = r.duration(ALLOWED_LATENESS);
        idleness = r.positiveDuration(IDLENESS);
        chunkMaxSamples = r.positive(CHUNK_MAX_SAMPLES);
        maxPendingChunks = r.positive(MAX_PENDING_CHUNKS);
        idleTimeout = r.positiveDuration(IDLE_TIMEOUT);
        checkpointInterval = r.positiveDuration(CHECKPOINT_INTERVAL);
        deliveryGuarantee = r.choice(DELIVERY_GUARANTEE, DeliveryGuarantee.values());
        transactionTimeout = r.positiveDuration(TRANSACTION_TIMEOUT);
        transactionalIdPrefix = r.text(TRANSACTIONAL_ID_PREFIX);
        parallelism = r.optionalPositive(PARALLELISM);
        scoringDevice = r.parsed(SCORING_DEVICE, ScoringJobOptions.DeviceSetting::parse);
        scoringThreads = r.positive(SCORING_THREADS);
        checkpointTimeout = r.positiveDuration(CHECKPOINT_TIMEOUT);
        checkpointMinPause = r.duration(CHECKPOINT_MIN_PAUSE);
        checkpointTolerableFailures = r.notNegative(CHECKPOINT_TOLERABLE_FAILURES);
        maxParallelism = r.positive(MAX_PARALLELISM);
        restartStrategy = r.choice(RESTART_STRATEGY, ScoringJobOptions.RestartStrategy.values());
        restartInitialDelay = r.positiveDuration(RESTART_INITIAL_DELAY);
        restartMaxDelay = r.positiveDuration(RESTART_MAX_DELAY);
        restartResetAfter = r.positiveDuration(RESTART_RESET_AFTER);
        restartMaxAttempts = r.positive(RESTART_MAX_ATTEMPTS);
        alertsTopic = r.text(TOPIC_ALERTS);
        alertConfigTopic = r.text(TOPIC_ALERT_CONFIG);
        modelControlTopic = r.text(TOPIC_MODEL_CONTROL);
        modelStatusTopic = r.text(TOPIC_MODEL_STATUS);
        shadowScoresTopic = r.text(TOPIC_SCORES_SHADOW);
        alertKeyBy = r.choice(ALERT_KEY_BY, ScoringJobOptions.AlertKey.values());
        alertRaiseWindows = r.positive(ALERT_RAISE_WINDOWS);
        alertWindowCount = r.positive(ALERT_WINDOW_COUNT);
        alertClearWindows = r.positive(ALERT_CLEAR_WINDOWS);
        alertThreshold = r.optionalFraction(ALERT_THRESHOLD);
        alertScoreStep = r.fraction(ALERT_SCORE_STEP);
        alertMinDuration = r.duration(ALERT_MIN_DURATION);
        alertMinUpdateInterval = r.duration(ALERT_MIN_UPDATE_INTERVAL);
        alertNoDataTimeout = r.positiveDuration(ALERT_NO_DATA_TIMEOUT);
        kafkaConfigFile = r.text(KAFKA_CONFIG_FILE);
        kafkaProperties = new TreeMap<>(r.kafkaClientSettings(kafkaConfigFile));
        if (maxParallelism > 32_768) {
            throw new InvalidConfigException(
                    "Invalid setting "
                            + MAX_PARALLELISM.key()
                            + "="
                            + maxParallelism
                            + ": Flink allows at most 32768");
        }
        if (parallelism != null && parallelism > maxParallelism) {
            throw new InvalidConfigException(
                    PARALLELISM.key()
                            + "="
                            + parallelism
                            + " exceeds "
                            + MAX_PARALLELISM.key()
                            + "="
                            + maxParallelism);
        }
        if (idleTimeout.compareTo(allowedLateness) <= 0) {
            // A sensor's waiting chunks must all be due when its state is freed.
            throw new InvalidConfigException(
                    IDLE_TIMEOUT.key()
                            + "="
                            + format(idleTimeout)
                            + " must be longer than "
                            + ALLOWED_LATENESS.key()
                            + "="
                            + format(allowedLateness));
        }
        if (restartMaxDelay.compareTo(restartInitialDelay) < 0) {
            throw new InvalidConfigException(
                    RESTART_MAX_DELAY.key()
                            + "="
                            + format(restartMaxDelay)
                            + " is shorter than "
                            + RESTART_INITIAL_DELAY.key()
                            + "="
                            + format(restartInitialDelay));
        }
        int maxRequestSize = producerMaxRequestSize();
        if (deadLetterMaxPayloadBytes > maxRequestSize - DEAD_LETTER_METADATA_ALLOWANCE) {
            // A dead letter above the limit is refused by the producer, and the job replays the
            // record that caused it at every restart.
            throw new InvalidConfigException(
                    DEAD_LETTER_MAX_PAYLOAD_BYTES.key()
                            + "="
                            + deadLetterMaxPayloadBytes
                            + " leaves less than "
                            + DEAD_LETTER_METADATA_ALLOWANCE
                            + " bytes for the rest of a dead letter below the producer's "
                            + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                            + "="
                            + maxRequestSize
                            + ": at most "
                            + (maxRequestSize - DEAD_LETTER_METADATA_ALLOWANCE)
                            + ", or raise "
                            + KAFKA_PASSTHROUGH_PREFIX
                            + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                            + " (and the dead-letter topic's max.message.bytes)");
        }
        try {
            alertPolicy(0.5f); // the cross-checks of k, m and n, before anything is submitted
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(
                    "Invalid alert settings ("
                            + ALERT_RAISE_WINDOWS.key()
                            + "="
                            + alertRaiseWindows
                            + ", "
                            + ALERT_WINDOW_COUNT.key()
                            + "="
                            + alertWindowCount
                            + ", "
                            + ALERT_CLEAR_WINDOWS.key()
                            + "="
                            + alertClearWindows
                            + "): "
                            + e.getMessage());
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                && transactionTimeout.compareTo(MAX_TRANSACTION_TIMEOUT) > 0) {
            // Above the broker's transaction.max.timeout.ms every transaction is refused and the
            // job
            // restarts forever: better to stop here.
            throw new InvalidConfigException(
                    TRANSACTION_TIMEOUT.key()
                            + "="
                            + format(transactionTimeout)
                            + " exceeds Kafka's default transaction.max.timeout.ms of "
                            + format(MAX_TRANSACTION_TIMEOUT)
                            + ": the broker would refuse every transaction");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE
                && transactionTimeout.compareTo(checkpointInterval) <= 0) {
            throw new InvalidConfigException(
                    TRANSACTION_TIMEOUT.key()
                            + "="
                            + format(transactionTimeout)
                            + " must be longer than "
                            + CHECKPOINT_INTERVAL.key()
                            + "="
                            + format(checkpointInterval)
                            + ": a transaction stays open from one checkpoint to the next");
        }
    }

    /** Parses {@code --key value} arguments. */
    public static ScoringJobConfig fromArgs(String[] args) {
        try {
            return fromMap(ParameterTool.fromArgs(args).toMap());
        } catch (IllegalArgumentException e) {
            if (e instanceof InvalidConfigException) {
                throw e;
            }
            // ParameterTool quotes every argument in its message, secrets included.
            throw new InvalidConfigException(
                    "Cannot read the job arguments: "
                            + SensitiveKeys.hideArgumentValues(String.valueOf(e.getMessage()), args)
                            + " (expected --key value pairs, e.g. --bootstrap.servers host:9092 --model.dir /models/drsn-cw)");
        }
    }

    public static ScoringJobConfig fromMap(Map<String, String> settings) {
        return new ScoringJobConfig(new Reader(settings));
    }

    /** A duration as the settings table writes it, e.g. {@code 500 ms}, {@code 10 s}. */
    public static String format(Duration duration) {
        return TimeUtils.formatWithHighestUnit(duration);
    }

    /**
     * Kafka client properties: bootstrap servers plus the settings of the config file and every
     * {@code kafka.*} passthrough (which wins). They travel in the job graph: Flink serializes the
     * sources' and sinks' properties.
     */
    public Properties kafkaClientProperties() {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** The sinks' {@code max.request.size}: {@code kafka.max.request.size}, else Kafka's default. */
    private int producerMaxRequestSize() {
        String given = kafkaProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        if (given == null) {
            return (Integer)
                    ProducerConfig.configDef()
                            .defaultValues()
                            .get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        try {
            return Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(
                    "Invalid setting "
                            + KAFKA_PASSTHROUGH_PREFIX
                            + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
                            + "="
                            + given
                            + ": not a whole number of bytes");
        }
    }

    /** {@link #kafkaClientProperties()} as logs may show it: secret values hidden. */
    public Map<String, String> redactedKafkaClientProperties() {
        return SensitiveKeys.redacted(kafkaClientProperties());
    }

    /** The settings that matter to a reader of a log, without a secret: see {@link SensitiveKeys}. */
    @Override
    public String toString() {
        return "ScoringJobConfig[bootstrap.servers="
                + bootstrapServers
                + ", topic.chunks="
                + chunksTopic
                + ", topic.scores="
                + scoresTopic
                + ", model.dir="
                + modelDir
                + ", delivery.guarantee="
                + deliveryGuarantee
                + (kafkaConfigFile == null ? "" : ", kafka.config-file=" + kafkaConfigFile)
                + ", Kafka client properties "
                + redactedKafkaClientProperties()
                + "]";
    }

    public Path modelPath() {
        return Path.of(modelDir);
    }

    /** The window hop for a model whose window length is {@code windowLength}. */
    public int hopFor(int windowLength) {
        return windowHop == null ? windowLength : windowHop;
    }

    /**
     * The alert rule's settings; windows count as anomalies from {@code alert.anomaly-threshold}
     * when set, else from {@code scoringThreshold} (the threshold the scores were flagged with).
     */
    public AlertPolicy alertPolicy(float scoringThreshold) {
        return new AlertPolicy(
                alertRaiseWindows,
                alertWindowCount,
                alertClearWindows,
                alertThreshold != null ? alertThreshold : scoringThreshold,
                alertScoreStep,
                alertMinDuration,
                alertMinUpdateInterval,
                alertNoDataTimeout);
    }

    /**
     * The threshold for a model: the {@code anomaly.threshold} setting when given, else the
     * model's calibrated threshold, else {@value AnomalyThreshold#FALLBACK}.
     */
    public AnomalyThreshold anomalyThresholdFor(ModelMetadata model) {
        String setting = "--" + ANOMALY_THRESHOLD.key();
        OptionalDouble calibrated = model.anomalyThreshold();
        if (anomalyThreshold != null) {
            return new AnomalyThreshold(
                    anomalyThreshold,
                    AnomalyThreshold.Source.SETTING,
                    "set by "
                            + setting
                            + (calibrated.isPresent()
                                    ? ", overriding the calibrated "
                                            + calibrated.getAsDouble()
                                            + " of model "
                                            + model.version()
                                    : "; model "
                                            + model.version()
                                            + " has no calibrated threshold"));
        }
        if (calibrated.isPresent()) {
            Map<String, Object> calibration = model.thresholdCalibration();
            return new AnomalyThreshold(
                    (float) calibrated.getAsDouble(),
                    AnomalyThreshold.Source.MODEL,
                    "the calibrated threshold in model "
                            + model.version()
                            + "'s model.json"
                            + (calibration.isEmpty() ? "" : ", calibration " + calibration)
                            + "; "
                            + setting
                            + " overrides it");
        }
        return new AnomalyThreshold(
                AnomalyThreshold.FALLBACK,
                AnomalyThreshold.Source.FALLBACK,
                "the fallback: model "
                        + model.version()
                        + " has no calibrated threshold and "
                        + setting
                        + " is not set");
    }

    /** Reads and checks values through Flink's parsing, naming the key in every error. */
    private static final class Reader {
        private final Map<String, String> settings = new HashMap<>();
        private final Configuration configuration;

        Reader(Map<String, String> given) {
            Set<String> known = new TreeSet<>();
            for (ConfigOption<?> option : ALL) {
                known.add(option.key());
                for (FallbackKey deprecated : option.fallbackKeys()) {
                    known.add(deprecated.getKey());
                }
            }
            given.forEach(
                    (key, value) -> {
                        if (!key.startsWith(KAFKA_PASSTHROUGH_PREFIX) && !known.contains(key)) {
                            throw new InvalidConfigException(
                                    "Unknown setting '"
                                            + key
                                            + "'. Known settings: "
                                            + ALL.stream()
                                                    .map(ConfigOption::key)
                                                    .collect(Collectors.joining(", "))
                                            + ", and kafka.* for Kafka client properties");
                        }
                        // A blank value or a --key without one means: the default.
                        if (value != null && !value.isBlank() && !value.equals(NO_VALUE)) {
                            settings.put(key, value.trim());
                        }
                    });
            configuration = Configuration.fromMap(settings);
        }

        /** The key the setting was given under: its own or a deprecated one; null when not given. */
        private String givenKey(ConfigOption<?> option) {
            if (settings.containsKey(option.key())) {
                return option.key();
            }
            for (FallbackKey deprecated : option.fallbackKeys()) {
                if (settings.containsKey(deprecated.getKey())) {
                    return deprecated.getKey();
                }
            }
            return null;
        }

        private String given(ConfigOption<?> option) {
            String key = givenKey(option);
            return key == null ? null : settings.get(key);
        }

        private InvalidConfigException invalid(
                ConfigOption<?> option, Object value, String problem) {
            String key = givenKey(option) == null ? option.key() : givenKey(option);
            return new InvalidConfigException(
                    "Invalid setting " + key + "=" + value + ": " + problem);
        }

        private <T> T read(ConfigOption<T> option, String expected) {
            try {
                return configuration.get(option);
            } catch (IllegalArgumentException e) {
                throw invalid(option, given(option), expected);
            }
        }

        String required(ConfigOption<String> option) {
            String value = configuration.get(option);
            if (value == null) {
                throw new InvalidConfigException(
                        "Missing required setting --"
                                + option.key()
                                + ": "
                                + new HtmlFormatter().format(option.description()));
            }
            return value;
        }

        String text(ConfigOption<String> option) {
            return configuration.get(option);
        }

        <T> T parsed(ConfigOption<String> option, Function<String, T> parser) {
            String value = configuration.get(option);
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw invalid(option, value, e.getMessage());
            }
        }

        <E extends Enum<E>> E choice(ConfigOption<E> option, E[] constants) {
            return read(
                    option,
                    "must be one of "
                            + Arrays.stream(constants)
                                    .map(
                                            c ->
                                                    c.toString()
                                                            .toLowerCase(Locale.ROOT)
                                                            .replace('_', '-'))
                                    .collect(Collectors.joining(", ")));
        }

        int positive(ConfigOption<Integer> option) {
            int value = read(option, "not a whole number");
            if (value <= 0) {
                throw invalid(option, value, "must be positive");
            }
            return value;
        }

        int notNegative(ConfigOption<Integer> option) {
            int value = read(option, "not a whole number");
            if (value < 0) {
                throw invalid(option, value, "must not be negative");
            }
            return value;
        }

        Integer optionalPositive(ConfigOption<Integer> option) {
            return given(option) == null ? null : positive(option);
        }

        Duration duration(ConfigOption<Duration> option) {
            Duration value =
                    read(
                            option,
                            "not a duration (e.g. 500 ms, 10 s, 2 min; a bare number is milliseconds)");
            if (value.isNegative()) {
                throw invalid(option, given(option), "must not be negative");
            }
            return value;
        }

        Duration positiveDuration(ConfigOption<Duration> option) {
            Duration value = duration(option);
            if (value.isZero()) {
                throw invalid(option, given(option), "must be positive");
            }
            return value;
        }

        float fraction(ConfigOption<Float> option) {
            float value = read(option, "not a number");
            if (!(value > 0f && value <= 1f)) {
                throw invalid(option, value, "must be in (0, 1]");
            }
            return value;
        }

        Float optionalFraction(ConfigOption<Float> option) {
            if (given(option) == null) {
                return null;
            }
            float value = read(option, "not a number");
            if (!(value >= 0f && value <= 1f)) {
                throw invalid(option, given(option), "must be in [0, 1]");
            }
            return value;
        }

        Path existingDirectory(ConfigOption<String> option) {
            Path path = Path.of(required(option));
            if (!Files.isDirectory(path)) {
                throw invalid(
                        option,
                        path,
                        "no such directory (it must hold the model artifact: model.json and its parameters)");
            }
            return path.toAbsolutePath();
        }

        /**
         * The settings of the Kafka client config file (when given), then every {@code kafka.*}
         * argument with the prefix removed: an argument wins over the same key in the file.
         */
        Map<String, String> kafkaClientSettings(String configFile) {
            Map<String, String> kafka = new TreeMap<>();
            if (configFile != null) {
                kafka.putAll(KafkaClientConfigFile.read(Path.of(configFile)));
            }
            settings.forEach(
                    (k, v) -> {
                        if (k.startsWith(KAFKA_PASSTHROUGH_PREFIX)
                                && !k.equals(KAFKA_CONFIG_FILE.key())) {
                            kafka.put(k.substring(KAFKA_PASSTHROUGH_PREFIX.length()), v);
                        }
                    });
            return kafka;
        }
    }
}
