package io.drsnstream.demo;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.drsnstream.demo.view.AlertBoard;
import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.schemas.ClassProbability;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.Topics;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code drsn-demo tail}: decode and print scores, alerts, alert overrides or dead letters from
 * any Kafka.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description =
                "Print ScoredWindow, SensorAlert, AlertPolicyOverride or DeadLetter records of a topic as a table or"
                        + " JSON lines (read_committed).")
public final class TailCommand implements Callable<Integer> {

    enum Kind {
        AUTO,
        SCORES,
        ALERTS,
        ALERT_CONFIG,
        DEAD_LETTERS;

        /**
         * AUTO resolved from the topic's name: dead letters, alert overrides or alerts when it
         * says so. "alert-config" before "alerts", though sensor-alert-config does not contain
         * "alerts", so that a name such as "alerts-alert-config" still reads as overrides.
         */
        Kind of(String topic) {
            if (this != AUTO) {
                return this;
            }
            if (topic.contains("dead")) {
                return DEAD_LETTERS;
            }
            if (topic.contains("alert-config")) {
                return ALERT_CONFIG;
            }
            return topic.contains("alerts") ? ALERTS : SCORES;
        }
    }

    enum Format {
        TABLE,
        JSON
    }

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = Topics.SENSOR_SCORES,
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--type",
            defaultValue = "AUTO",
            description =
                    "What the topic holds: ${COMPLETION-CANDIDATES}; auto: dead letters, alert overrides or alerts when"
                            + " the name says so ('dead', 'alert-config', 'alerts'), else scores"
                            + " (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(
            names = "--format",
            defaultValue = "TABLE",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(
            names = "--from-beginning",
            description = "Start at the oldest record instead of the newest.")
    boolean fromBeginning;

    @Option(names = "--max-records", description = "Stop after this many records.")
    Long maxRecords;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            description = "Stop when no record came for this long (e.g. 30s); default: never.")
    Duration idleTimeout;

    private final Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    private final AtomicBoolean stopped = new AtomicBoolean();

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        Kind records = kind.of(topic);
        SingleObjectCodec<ScoredWindow> scores = SingleObjectCodec.scoredWindows();
        SingleObjectCodec<SensorAlert> alerts = SingleObjectCodec.sensorAlerts();
        SingleObjectCodec<DeadLetter> letters = SingleObjectCodec.deadLetters();
        AlertConfigRecords overrides = new AlertConfigRecords();
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println(
                                "tail: topic "
                                        + topic
                                        + " does not exist at "
                                        + kafka.bootstrapServers());
                return 1;
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(() -> stopped.set(true), "drsn-tail-shutdown"));
            if (format == Format.TABLE) {
                out.println(
                        switch (records) {
                            case DEAD_LETTERS -> DEAD_LETTER_HEADER;
                            case ALERTS -> ALERT_HEADER;
                            case ALERT_CONFIG -> ALERT_CONFIG_HEADER;
                            default -> SCORE_HEADER;
                        });
            }
            long lastRecord = System.nanoTime();
            while (!stopped.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    out.println(
                            switch (records) {
                                case DEAD_LETTERS -> deadLetterLine(record, letters);
                                case ALERTS -> alertLine(record, alerts);
                                case ALERT_CONFIG -> alertConfigLine(record, overrides);
                                default -> scoreLine(record, scores);
                            });
                    out.flush();
                    lastRecord = System.nanoTime();
                    if (maxRecords != null && ++printed >= maxRecords) {
                        return 0;
                    }
                }
                if (idleTimeout != null && System.nanoTime() - lastRecord > idleTimeout.toNanos()) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static final String SCORE_HEADER =
            String.format(
                    "%-27s %-11s %-18s %-16s %6s %7s %-7s %5s %9s %s",
                    "window end",
                    "machine",
                    "sensor",
                    "label",
                    "conf",
                    "anomaly",
                    "flag",
                    "noise",
                    "shrinkage",
                    "model");
    private static final String ALERT_HEADER =
            String.format(
                    "%-27s %-8s %-8s %-18s %-16s %5s %5s %5s %s",
                    "event time",
                    "kind",
                    "alert",
                    "sensor",
                    "label",
                    "share",
                    "mean",
                    "peak",
                    "windows (first start .. last end, count)");
    private static final String ALERT_CONFIG_LINE = "%-24s %-40s %s";
    private static final String ALERT_CONFIG_HEADER =
            String.format(ALERT_CONFIG_LINE, "written at", "key", "override");
    private static final String DEAD_LETTER_HEADER =
            String.format(
                    "%-24s %-20s %-32s %-18s %-24s %s",
                    "routed at", "reason", "source", "sensor", "payload", "detail");

    private String scoreLine(
            ConsumerRecord<byte[], byte[]> record, SingleObjectCodec<ScoredWindow> codec) {
        ScoredWindow w;
        try {
            w = codec.decode(record.value());
        } catch (PayloadDecodingException e) {
            return undecodable(record, e);
        }
        if (format == Format.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("machineId", w.getMachineId());
            json.put("sensorId", w.getSensorId());
            json.put("windowStart", w.getWindowStart().toString());
            json.put("windowEnd", w.getWindowEnd().toString());
            json.put("firstSeq", w.getFirstSeq());
            json.put("lastSeq", w.getLastSeq());
            json.put("sampleCount", w.getSampleCount());
            json.put("label", w.getLabel());
            json.put("confidence", w.getConfidence());
            Map<String, Float> probabilities = new LinkedHashMap<>();
            for (ClassProbability p : w.getProbabilities()) {
                probabilities.put(p.getLabel(), p.getProbability());
            }
            json.put("probabilities", probabilities);
            json.put("anomalyScore", w.getAnomalyScore());
            json.put("anomaly", w.getAnomaly());
            json.put("shrinkage", w.getShrinkage());
            json.put("modelVersion", w.getModelVersion());
            json.put("scoredAt", w.getScoredAt().toString());
            json.put("noiseLevel", w.getNoiseLevel());
            return gson.toJson(json);
        }
        return String.format(
                "%-27s %-11s %-18s %-16s %6.2f %7.2f %-7s %5s %9.2f %s",
                w.getWindowEnd(),
                w.getMachineId(),
                w.getSensorId(),
                w.getLabel(),
                w.getConfidence(),
                w.getAnomalyScore(),
                w.getAnomaly() ? "ANOMALY" : "ok",
                noiseLevel(w.getNoiseLevel()),
                w.getShrinkage(),
                w.getModelVersion());
    }

    /** Records of ScoredWindow version 1 carry -1: no estimate, shown as "-". */
    private static String noiseLevel(float value) {
        return value < 0 ? "-" : String.format("%.2f", value);
    }

    private String alertLine(
            ConsumerRecord<byte[], byte[]> record, SingleObjectCodec<SensorAlert> codec) {
        SensorAlert a;
        try {
            a = codec.decode(record.value());
        } catch (PayloadDecodingException e) {
            return undecodable(record, e);
        }
        if (format == Format.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("alertId", a.getAlertId());
            json.put("machineId", a.getMachineId());
            json.put("sensorId", a.getSensorId());
            json.put("kind", a.getKind().name());
            json.put("label", a.getLabel());
            json.put("labelShare", a.getLabelShare());
            json.put("meanAnomalyScore", a.getMeanAnomalyScore());
            json.put("peakAnomalyScore", a.getPeakAnomalyScore());
            json.put("firstWindowStart", a.getFirstWindowStart().toString());
            json.put("lastWindowEnd", a.getLastWindowEnd().toString());
            json.put("windowsCounted", a.getWindowsCounted());
            json.put("anomalyThreshold", a.getAnomalyThreshold());
            json.put("modelVersion", a.getModelVersion());
            json.put("eventTime", a.getEventTime().toString());
            json.put("processedAt", a.getProcessedAt().toString());
            return gson.toJson(json);
        }
        // The id's first 8 characters tell one alert's events from another's; --format json
        // gives it whole.
        return String.format(
                "%-27s %-8s %-8s %-18s %-16s %5.2f %5.2f %5.2f %s .. %s, %d",
                a.getEventTime(),
                a.getKind(),
                AlertBoard.shortId(a.getAlertId()),
                AlertBoard.keyOf(a),
                a.getLabel(),
                a.getLabelShare(),
                a.getMeanAnomalyScore(),
                a.getPeakAnomalyScore(),
                a.getFirstWindowStart(),
                a.getLastWindowEnd(),
                a.getWindowsCounted());
    }

    /**
     * An override, "removed" for a tombstone, or what the job refuses in it (read with the job's
     * own checks).
     */
    private String alertConfigLine(
            ConsumerRecord<byte[], byte[]> record, AlertConfigRecords overrides) {
        Inbound<AlertConfigUpdate> read = overrides.read(record);
        AlertConfigUpdate update = read.value;
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String writtenAt =
                record.timestampType() == TimestampType.NO_TIMESTAMP_TYPE
                        ? null
                        : Instant.ofEpochMilli(record.timestamp()).toString();
        if (format == Format.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("key", key);
            json.put("writtenAt", writtenAt);
            if (read.isRejected()) {
                json.put("refused", read.rejected.reason);
                json.put("detail", read.rejected.detail);
            } else if (update.removed) {
                json.put("removed", true);
            } else {
                json.put("raiseWindows", update.override.raiseWindows);
                json.put("windowCount", update.override.windowCount);
                json.put("clearWindows", update.override.clearWindows);
                json.put("anomalyThreshold", update.override.anomalyThreshold);
            }
            return gson.toJson(json);
        }
        String override;
        if (read.isRejected()) {
            override = "refused by the job (" + read.rejected.reason + "): " + read.rejected.detail;
        } else if (update.removed) {
            override = "removed";
        } else {
            override = AlertConfigRecords.describe(update.override);
        }
        return String.format(
                ALERT_CONFIG_LINE,
                writtenAt == null ? "-" : writtenAt,
                key == null ? "-" : key,
                override);
    }

    private String deadLetterLine(
            ConsumerRecord<byte[], byte[]> record, SingleObjectCodec<DeadLetter> codec) {
        DeadLetter d;
        try {
            d = codec.decode(record.value());
        } catch (PayloadDecodingException e) {
            return undecodable(record, e);
        }
        String source =
                d.getSourceTopic() + "-" + d.getSourcePartition() + "@" + d.getSourceOffset();
        if (format == Format.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sourceTopic", d.getSourceTopic());
            json.put("sourcePartition", d.getSourcePartition());
            json.put("sourceOffset", d.getSourceOffset());
            json.put(
                    "sourceTimestamp",
                    d.getSourceTimestamp() == null ? null : d.getSourceTimestamp().toString());
            json.put("key", base64(d.getKey()));
            json.put("payload", base64(d.getPayload()));
            json.put("reason", d.getReason().name());
            json.put("detail", d.getDetail());
            json.put("sensorId", d.getSensorId());
            json.put("routedAt", d.getRoutedAt().toString());
            json.put("payloadTruncated", d.getPayloadTruncated());
            json.put("originalPayloadBytes", d.getOriginalPayloadBytes());
            json.put("payloadSha256", d.getPayloadSha256());
            return gson.toJson(json);
        }
        return String.format(
                "%-24s %-20s %-32s %-18s %-24s %s",
                d.getRoutedAt(),
                d.getReason(),
                source,
                d.getSensorId() == null ? "-" : d.getSensorId(),
                payloadSize(d),
                d.getPayloadTruncated()
                        ? d.getDetail() + " (whole payload's sha256 " + d.getPayloadSha256() + ")"
                        : d.getDetail());
    }

    /** "N B", or "N of M B, truncated" for a payload the job cut to its dead-letter cap. */
    private static String payloadSize(DeadLetter d) {
        if (d.getPayload() == null) {
            return "-";
        }
        int kept = d.getPayload().remaining();
        return d.getPayloadTruncated()
                ? kept + " of " + d.getOriginalPayloadBytes() + " B, truncated"
                : kept + " B";
    }

    private String undecodable(ConsumerRecord<byte[], byte[]> record, PayloadDecodingException e) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (format == Format.JSON) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("undecodable", where);
            json.put("error", e.getMessage());
            return gson.toJson(json);
        }
        return "(undecodable record " + where + ": " + e.getMessage() + ")";
    }

    private static String base64(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
