package io.drsnstream.job.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every setting the scoring job reads, with its default and meaning. The README's settings
 * table is this enum; {@link ScoringJobConfig} rejects keys that are not here (a typo must not
 * silently fall back to a default).
 */
public enum JobOption {
    BOOTSTRAP_SERVERS("bootstrap.servers", null, "Kafka bootstrap servers (required)"),
    TOPIC_CHUNKS("topic.chunks", "sensor-chunks", "Topic of SensorChunk records to score"),
    TOPIC_SCORES("topic.scores", "sensor-scores", "Topic the ScoredWindow records are written to"),
    TOPIC_DEAD_LETTERS("topic.dead-letters", "sensor-dead-letters", "Topic the DeadLetter records are written to"),
    GROUP_ID("group.id", "drsn-scoring", "Kafka consumer group of the source"),
    STARTING_OFFSETS("starting-offsets", "committed",
            "Where to start without a checkpoint: earliest, latest, or committed (group offsets, else earliest)"),
    MODEL_DIR("model.dir", null, "Directory of the model artifact (model.json + parameters) (required)"),
    WINDOW_HOP("window.hop", null, "Samples between window starts; default: the model's window length (no overlap)"),
    BATCH_SIZE("batch.size", "64", "Most windows scored in one forward pass"),
    BATCH_TIMEOUT_MS("batch.timeout.ms", "50", "Longest a window waits for its batch to fill, in ms"),
    ANOMALY_THRESHOLD("anomaly.threshold", null,
            "anomalyScore (1 - P(healthy)) at or above which a window is an anomaly; default: the model's calibrated threshold, else 0.5"),
    OUT_OF_ORDERNESS_MS("out-of-orderness.ms", "500", "Bound on how far chunks arrive out of event-time order, in ms"),
    ALLOWED_LATENESS_MS("allowed-lateness.ms", "0", "Extra wait behind the watermark before a chunk's place is final, in ms"),
    IDLENESS_MS("idleness.ms", "10000", "A partition without records for this long stops holding back the watermark, in ms"),
    CHUNK_MAX_SAMPLES("chunk.max-samples", "65536", "Chunks with more samples are dead letters (OVERSIZED)"),
    MAX_PENDING_CHUNKS("state.max-pending-chunks", "256",
            "Cap on chunks per sensor waiting for the watermark; beyond it the oldest is assembled at once"),
    CHECKPOINT_INTERVAL_MS("checkpoint.interval.ms", "10000",
            "Checkpoint interval in ms; with exactly-once, scores become visible at each checkpoint"),
    DELIVERY_GUARANTEE("delivery.guarantee", "exactly-once", "exactly-once, at-least-once or none"),
    TRANSACTION_TIMEOUT_MS("transaction.timeout.ms", "600000",
            "Kafka transaction timeout of the sinks, in ms; must not exceed the broker's transaction.max.timeout.ms (15 min by default)"),
    TRANSACTIONAL_ID_PREFIX("transactional-id.prefix", "drsn-scoring",
            "Prefix of the sinks' transactional ids; unique per job on a cluster"),
    PARALLELISM("parallelism", null, "Parallelism of the job; default: the cluster's"),
    SCORING_DEVICE("scoring.device", "auto", "auto (the TaskManager's GPU when Flink assigned one, else CPU), cpu or gpu"),
    SCORING_THREADS("scoring.threads", "1",
            "PyTorch intra-op threads per scoring subtask; keep threads x busy slots <= cores");

    /** Prefix of settings passed through to every Kafka client (security: SASL, SSL). */
    public static final String KAFKA_PASSTHROUGH_PREFIX = "kafka.";

    private final String key;
    private final String defaultValue;
    private final String description;

    JobOption(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    /** The default as text, or null for a required setting or one derived elsewhere. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public static Optional<JobOption> byKey(String key) {
        return Arrays.stream(values()).filter(o -> o.key.equals(key)).findFirst();
    }
}
