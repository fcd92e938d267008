package io.drsnstream.job.config;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.scoring.ScoringDevice;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.util.ParameterTool;

/**
 * The scoring job's settings, read once at the edge (command line {@code --key value}) and
 * validated as a whole: a missing or wrong setting is one {@link InvalidConfigException} with a
 * message that names it, before anything is submitted. See {@link JobOption} for every key.
 */
public final class ScoringJobConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Kafka's default broker-side {@code transaction.max.timeout.ms}. */
    static final long MAX_TRANSACTION_TIMEOUT_MS = 15 * 60 * 1000L;

    /** Where the source starts when it has no checkpoint. */
    public enum StartingOffsets { EARLIEST, LATEST, COMMITTED }

    public final String bootstrapServers;
    public final String chunksTopic;
    public final String scoresTopic;
    public final String deadLettersTopic;
    public final String groupId;
    public final StartingOffsets startingOffsets;
    /** Absolute path of the model artifact directory (a String: Path is not serializable). */
    public final String modelDir;
    /** Samples between window starts, or null for the model's window length. */
    public final Integer windowHop;
    public final int batchSize;
    public final long batchTimeoutMillis;
    /** The anomaly.threshold setting, or null for the model's calibrated threshold, else 0.5. */
    public final Float anomalyThreshold;
    public final long outOfOrdernessMillis;
    public final long allowedLatenessMillis;
    public final long idlenessMillis;
    public final int chunkMaxSamples;
    public final int maxPendingChunks;
    public final long checkpointIntervalMillis;
    public final DeliveryGuarantee deliveryGuarantee;
    public final long transactionTimeoutMillis;
    public final String transactionalIdPrefix;
    /** Job parallelism, or null for the cluster's default. */
    public final Integer parallelism;
    public final ScoringDevice.Setting scoringDevice;
    public final int scoringThreads;
    /** {@code kafka.*} settings with the prefix removed, for every Kafka client of the job. */
    private final HashMap<String, String> kafkaProperties;

    private ScoringJobConfig(Reader r) {
        bootstrapServers = r.required(JobOption.BOOTSTRAP_SERVERS);
        chunksTopic = r.text(JobOption.TOPIC_CHUNKS);
        scoresTopic = r.text(JobOption.TOPIC_SCORES);
        deadLettersTopic = r.text(JobOption.TOPIC_DEAD_LETTERS);
        groupId = r.text(JobOption.GROUP_ID);
        startingOffsets = r.choice(JobOption.STARTING_OFFSETS, StartingOffsets.class);
        modelDir = r.existingDirectory(JobOption.MODEL_DIR).toString();
        windowHop = r.optionalPositiveInt(JobOption.WINDOW_HOP);
        batchSize = r.positiveInt(JobOption.BATCH_SIZE);
        batchTimeoutMillis = r.positiveLong(JobOption.BATCH_TIMEOUT_MS);
        anomalyThreshold = r.optionalFraction(JobOption.ANOMALY_THRESHOLD);
        outOfOrdernessMillis = r.nonNegativeLong(JobOption.OUT_OF_ORDERNESS_MS);
        allowedLatenessMillis = r.nonNegativeLong(JobOption.ALLOWED_LATENESS_MS);
        idlenessMillis = r.positiveLong(JobOption.IDLENESS_MS);
        chunkMaxSamples = r.positiveInt(JobOption.CHUNK_MAX_SAMPLES);
        maxPendingChunks = r.positiveInt(JobOption.MAX_PENDING_CHUNKS);
        checkpointIntervalMillis = r.positiveLong(JobOption.CHECKPOINT_INTERVAL_MS);
        deliveryGuarantee = r.choice(JobOption.DELIVERY_GUARANTEE, DeliveryGuarantee.class);
        transactionTimeoutMillis = r.positiveLong(JobOption.TRANSACTION_TIMEOUT_MS);
        transactionalIdPrefix = r.text(JobOption.TRANSACTIONAL_ID_PREFIX);
        parallelism = r.optionalPositiveInt(JobOption.PARALLELISM);
        scoringDevice = r.parse(JobOption.SCORING_DEVICE, ScoringDevice.Setting::parse);
        scoringThreads = r.positiveInt(JobOption.SCORING_THREADS);
        kafkaProperties = new HashMap<>(r.kafkaPassthrough());
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE && transactionTimeoutMillis > MAX_TRANSACTION_TIMEOUT_MS) {
            // Above the broker's transaction.max.timeout.ms every transaction is refused and the job
            // restarts forever: better to stop here.
            throw new InvalidConfigException("transaction.timeout.ms=" + transactionTimeoutMillis
                    + " exceeds Kafka's default transaction.max.timeout.ms of " + MAX_TRANSACTION_TIMEOUT_MS
                    + " (15 min): the broker would refuse every transaction");
        }
        if (deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE && transactionTimeoutMillis <= checkpointIntervalMillis) {
            throw new InvalidConfigException("transaction.timeout.ms=" + transactionTimeoutMillis
                    + " must be longer than checkpoint.interval.ms=" + checkpointIntervalMillis
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
            throw new InvalidConfigException("Cannot read the job arguments: " + e.getMessage()
                    + " (expected --key value pairs, e.g. --bootstrap.servers host:9092 --model.dir /models/drsn-cw)");
        }
    }

    public static ScoringJobConfig fromMap(Map<String, String> settings) {
        return new ScoringJobConfig(new Reader(settings));
    }

    /** Kafka client properties: bootstrap servers plus every {@code kafka.*} passthrough. */
    public Properties kafkaClientProperties() {
        Properties properties = new Properties();
        properties.putAll(kafkaProperties);
        properties.setProperty("bootstrap.servers", bootstrapServers);
        return properties;
    }

    public Path modelPath() {
        return Path.of(modelDir);
    }

    /** The window hop for a model whose window length is {@code windowLength}. */
    public int hopFor(int windowLength) {
        return windowHop == null ? windowLength : windowHop;
    }

    /**
     * The threshold for a model: the {@code anomaly.threshold} setting when given, else the
     * model's calibrated threshold, else {@value AnomalyThreshold#FALLBACK}.
     */
    public AnomalyThreshold anomalyThresholdFor(ModelMetadata model) {
        String setting = "--" + JobOption.ANOMALY_THRESHOLD.key();
        OptionalDouble calibrated = model.anomalyThreshold();
        if (anomalyThreshold != null) {
            return new AnomalyThreshold(anomalyThreshold, AnomalyThreshold.Source.SETTING, "set by " + setting
                    + (calibrated.isPresent()
                            ? ", overriding the calibrated " + calibrated.getAsDouble() + " of model " + model.version()
                            : "; model " + model.version() + " has no calibrated threshold"));
        }
        if (calibrated.isPresent()) {
            Map<String, Object> calibration = model.thresholdCalibration();
            return new AnomalyThreshold((float) calibrated.getAsDouble(), AnomalyThreshold.Source.MODEL,
                    "the calibrated threshold in model " + model.version() + "'s model.json"
                            + (calibration.isEmpty() ? "" : ", calibration " + calibration)
                            + "; " + setting + " overrides it");
        }
        return new AnomalyThreshold(AnomalyThreshold.FALLBACK, AnomalyThreshold.Source.FALLBACK, "the fallback: model "
                + model.version() + " has no calibrated threshold and " + setting + " is not set");
    }

    /** Reads and checks values, naming the key in every error. */
    private static final class Reader {
        private final Map<String, String> settings;

        Reader(Map<String, String> settings) {
            this.settings = settings;
            for (String key : settings.keySet()) {
                if (!key.startsWith(JobOption.KAFKA_PASSTHROUGH_PREFIX) && JobOption.byKey(key).isEmpty()) {
                    throw new InvalidConfigException("Unknown setting '" + key + "'. Known settings: "
                            + Arrays.stream(JobOption.values()).map(JobOption::key).collect(Collectors.joining(", "))
                            + ", and kafka.* for Kafka client properties");
                }
            }
        }

        String raw(JobOption option) {
            String value = settings.get(option.key());
            if (value == null || value.isBlank() || value.equals("__NO_VALUE_KEY")) { // ParameterTool's marker for "--key" without value
                return option.defaultValue();
            }
            return value.trim();
        }

        String required(JobOption option) {
            String value = raw(option);
            if (value == null) {
                throw new InvalidConfigException("Missing required setting --" + option.key() + ": " + option.description());
            }
            return value;
        }

        String text(JobOption option) {
            return required(option);
        }

        <T> T parse(JobOption option, java.util.function.Function<String, T> parser) {
            String value = required(option);
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": " + e.getMessage());
            }
        }

        <E extends Enum<E>> E choice(JobOption option, Class<E> type) {
            String value = required(option);
            String normalized = value.toUpperCase(Locale.ROOT).replace('-', '_');
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(normalized)) {
                    return constant;
                }
            }
            throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                            .collect(Collectors.joining(", ")));
        }

        int positiveInt(JobOption option) {
            long value = positiveLong(option);
            if (value > Integer.MAX_VALUE) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": too large");
            }
            return (int) value;
        }

        Integer optionalPositiveInt(JobOption option) {
            return raw(option) == null ? null : positiveInt(option);
        }

        long positiveLong(JobOption option) {
            long value = number(option);
            if (value <= 0) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": must be positive");
            }
            return value;
        }

        long nonNegativeLong(JobOption option) {
            long value = number(option);
            if (value < 0) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": must not be negative");
            }
            return value;
        }

        private long number(JobOption option) {
            String value = required(option);
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": not a whole number");
            }
        }

        Float optionalFraction(JobOption option) {
            return raw(option) == null ? null : fraction(option);
        }

        float fraction(JobOption option) {
            String value = required(option);
            float parsed;
            try {
                parsed = Float.parseFloat(value);
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": not a number");
            }
            if (!(parsed >= 0f && parsed <= 1f)) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + value + ": must be in [0, 1]");
            }
            return parsed;
        }

        Path existingDirectory(JobOption option) {
            Path path = Path.of(required(option));
            if (!Files.isDirectory(path)) {
                throw new InvalidConfigException("Invalid setting " + option.key() + "=" + path
                        + ": no such directory (it must hold the model artifact: model.json and its parameters)");
            }
            return path.toAbsolutePath();
        }

        Map<String, String> kafkaPassthrough() {
            Map<String, String> kafka = new TreeMap<>();
            settings.forEach((k, v) -> {
                if (k.startsWith(JobOption.KAFKA_PASSTHROUGH_PREFIX)) {
                    kafka.put(k.substring(JobOption.KAFKA_PASSTHROUGH_PREFIX.length()), v);
                }
            });
            return kafka;
        }
    }
}
