package io.drsnstream.demo.record;

import com.google.gson.GsonBuilder;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.RecordedWindows;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Captures the chunks of chosen sensors that start within a span of sensor time, from the oldest
 * record of a topic, read_committed (a transactional producer's aborted chunks are never seen).
 * Chunks are kept when they lie wholly within {@code [from, to)}. The capture ends when every
 * sensor has a chunk ending at or after {@code to}, or when no record came for the idle timeout.
 * Progress (sensor time captured, of the slowest sensor) goes to stderr as a bar.
 */
public final class ChunkCapture {

    private final Properties clientProperties;
    private final String topic;
    private final List<String> sensors;
    private final Instant from;
    private final Instant to;
    private final Duration idleTimeout;
    private final boolean progressBar;

    public ChunkCapture(
            Properties clientProperties,
            String topic,
            List<String> sensors,
            Instant from,
            Instant to,
            Duration idleTimeout,
            boolean progressBar) {
        this.clientProperties = clientProperties;
        this.topic = topic;
        this.sensors = sensors;
        this.from = from;
        this.to = to;
        this.idleTimeout = idleTimeout;
        this.progressBar = progressBar;
    }

    /** What was captured, per sensor. */
    public final class Result {
        private final Map<String, SensorRecording> recordings;
        private final int undecodable;

        Result(Map<String, SensorRecording> recordings, int undecodable) {
            this.recordings = recordings;
            this.undecodable = undecodable;
        }

        /** The sensors' common sample rate. */
        public double sampleRateHz() {
            double rate = Double.NaN;
            for (SensorRecording r : recordings.values()) {
                double own = r.sampleRateHz();
                if (Double.isNaN(own)) {
                    continue;
                }
                if (!Double.isNaN(rate) && own != rate) {
                    throw new IllegalStateException(
                            "the sensors sample at different rates ("
                                    + rate
                                    + " and "
                                    + own
                                    + " Hz)");
                }
                rate = own;
            }
            return rate;
        }

        /**
         * Cuts the windows and writes the data set file and its sources next to it.
         *
         * @return the exit code: 0, or 1 when no window was captured
         */
        public int write(
                Path out,
                int length,
                int hop,
                HealthState label,
                String topicName,
                PrintWriter stdout,
                PrintWriter stderr)
                throws IOException {
            double rate = sampleRateHz();
            if (Double.isNaN(rate)) {
                stderr.println(
                        "record: no chunk of "
                                + String.join(",", sensors)
                                + " between "
                                + from
                                + " and "
                                + to
                                + " on "
                                + topicName);
                return 1;
            }
            RecordedWindows windows = new RecordedWindows(length, rate);
            Map<String, Object> perSensor = new LinkedHashMap<>();
            for (Map.Entry<String, SensorRecording> e : recordings.entrySet()) {
                int before = windows.size();
                int gaps = e.getValue().cut(length, hop, label, windows);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("chunks", e.getValue().chunks());
                s.put("duplicateChunks", e.getValue().duplicates());
                s.put("gaps", gaps);
                s.put("windows", windows.size() - before);
                perSensor.put(e.getKey(), s);
                if (e.getValue().latestEndMicros() < SensorRecording.micros(to)) {
                    stderr.println(
                            "record: warning: "
                                    + e.getKey()
                                    + (e.getValue().chunks() == 0
                                            ? " sent no chunk in the span"
                                            : " stopped before --to (last sample "
                                                    + Instant.EPOCH.plusNanos(
                                                            e.getValue().latestEndMicros() * 1000)
                                                    + ")"));
                }
            }
            if (windows.size() == 0) {
                stderr.println(
                        "record: no whole window of " + length + " samples in the chunks captured");
                return 1;
            }
            Dataset data = windows.toDataset();
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            DatasetFile.write(data, out);
            Map<String, Object> sources = new LinkedHashMap<>();
            sources.put("source", "topic");
            sources.put("topic", topicName);
            sources.put("from", from.toString());
            sources.put("to", to.toString());
            sources.put("label", label.name());
            sources.put("sampleRateHz", rate);
            sources.put("windowLength", length);
            sources.put("hop", hop);
            sources.put("undecodableRecords", undecodable);
            sources.put("sensors", perSensor);
            sources.putAll(windows.sources());
            Files.writeString(
                    RecordedWindows.sourcesFile(out),
                    new GsonBuilder()
                            .setPrettyPrinting()
                            .serializeSpecialFloatingPointValues()
                            .create()
                            .toJson(sources),
                    StandardCharsets.UTF_8);
            stdout.printf(
                    Locale.ROOT,
                    "wrote %s: %d windows of %d samples at %.0f Hz from %d sensor(s), label %s%n",
                    out,
                    data.size(),
                    length,
                    rate,
                    recordings.size(),
                    label.name());
            stdout.flush();
            return 0;
        }
    }

    /** Consumes until every sensor has passed {@code to} or the topic went idle. */
    public Result run(PrintWriter err) {
        Map<String, SensorRecording> recordings = new LinkedHashMap<>();
        for (String s : sensors) {
            recordings.put(s, new SensorRecording(s));
        }
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long fromMicros = SensorRecording.micros(from);
        long toMicros = SensorRecording.micros(to);
        long spanSeconds = Math.max(1, (toMicros - fromMicros) / 1_000_000);
        int undecodable = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                        new KafkaConsumer<>(
                                props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                ProgressBar bar = progressBar ? bar(spanSeconds) : null) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long lastRecord = System.nanoTime();
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    lastRecord = System.nanoTime();
                    String key =
                            record.key() == null
                                    ? null
                                    : new String(record.key(), StandardCharsets.UTF_8);
                    if (key == null || !recordings.containsKey(key)) {
                        continue;
                    }
                    SensorChunk chunk;
                    try {
                        chunk = codec.decode(record.value());
                    } catch (PayloadDecodingException e) {
                        undecodable++;
                        continue;
                    }
                    SensorRecording r = recordings.get(chunk.getSensorId().toString());
                    if (r == null) {
                        continue;
                    }
                    long start = SensorRecording.startMicros(chunk);
                    long end = SensorRecording.endMicros(chunk);
                    if (start >= fromMicros && end <= toMicros) {
                        r.add(chunk);
                    } else if (end > toMicros) {
                        r.passed(end);
                    }
                }
                long slowest =
                        recordings.values().stream()
                                .mapToLong(SensorRecording::latestEndMicros)
                                .min()
                                .orElse(Long.MIN_VALUE);
                if (bar != null && slowest > fromMicros) {
                    bar.stepTo(Math.min(spanSeconds, (slowest - fromMicros) / 1_000_000));
                }
                if (slowest >= toMicros) {
                    break;
                }
                if (System.nanoTime() - lastRecord > idleTimeout.toNanos()) {
                    err.println(
                            "record: no record for "
                                    + idleTimeout.toSeconds()
                                    + " s: finishing with what was captured");
                    break;
                }
            }
        }
        err.flush();
        return new Result(recordings, undecodable);
    }

    private static ProgressBar bar(long spanSeconds) {
        return new ProgressBarBuilder()
                .setTaskName("recording")
                .setInitialMax(spanSeconds)
                .setUnit(" s", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(500)
                .build();
    }
}
