package io.drsnstream.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka clients of the harness: producers of sensor chunks, a reader of whole topics, topic clean-up. */
public final class KafkaTools {

    private KafkaTools() {}

    /**
     * A producer as a sensor gateway would run it: acks=all, idempotent (the client default).
     *
     * @param lingerMillis the batching delay; part of every measured latency
     */
    public static KafkaProducer<byte[], byte[]> producer(
            String bootstrapServers, int lingerMillis) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, Integer.toString(lingerMillis));
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * What {@link #produceBacklog} wrote: the {@code backlog} of a phase's result (the component
     * names are the result file's field names).
     */
    public record Backlog(
            int sensors, int chunksPerSensor, long chunks, long bytes, double produceSeconds) {}

    /**
     * Writes {@code chunksPerSensor} chunks of every sensor, interleaved in event-time order as a
     * fleet sends them, sensor {@code s} to partition {@code s mod partitions} (so that every
     * partition carries sensors and its watermark advances). The first sample of every sensor
     * is at {@code originMicros}. Optionally ends with a watermark flush on every partition.
     */
    public static Backlog produceBacklog(
            String bootstrapServers,
            String topic,
            int partitions,
            ChunkFactory factory,
            int chunksPerSensor,
            long originMicros,
            boolean flush) {
        long start = System.nanoTime();
        long bytes = 0;
        long chunks = 0;
        long lastStart = originMicros;
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers, 20)) {
            for (int seq = 0; seq < chunksPerSensor; seq++) {
                long startMicros = factory.chunkStartMicros(originMicros, seq);
                lastStart = startMicros;
                for (int s = 0; s < factory.sensors(); s++) {
                    byte[] value = factory.encode(s, seq, startMicros);
                    producer.send(
                            new ProducerRecord<>(topic, s % partitions, factory.key(s), value),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                    bytes += value.length;
                    chunks++;
                }
                if (failure.get() != null) {
                    break;
                }
            }
            if (flush) {
                long flushMicros = lastStart + 3_600_000_000L;
                for (int p = 0; p < partitions; p++) {
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    p,
                                    ("watermark-flush-" + p).getBytes(),
                                    factory.watermarkFlush(p, flushMicros)));
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "Producing the backlog failed: " + failure.get(), failure.get());
        }
        return new Backlog(
                factory.sensors(),
                chunksPerSensor,
                chunks,
                bytes,
                (System.nanoTime() - start) / 1e9);
    }

    /** Deletes topics, so that a long run does not fill the disk; failures are only reported. */
    public static void deleteTopics(String bootstrapServers, Collection<String> topics) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(props)) {
            admin.deleteTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("warning: could not delete topics " + topics + ": " + e);
        }
    }

    /**
     * Every record of a topic that a {@code read_committed} consumer can read now: from the
     * beginning of every partition up to its last stable offset.
     *
     * @throws IllegalStateException when that is not read within {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> readCommitted(
            String bootstrapServers, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, timeout).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Could not read " + topic + " to its end in " + timeout);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Topic names of one phase: unique, so that phases never read each other's records. */
    public record PhaseTopics(
            String chunks,
            String scores,
            String deadLetters,
            String alerts,
            String alertConfig,
            String modelControl,
            String modelStatus,
            String shadowScores) {
        public static PhaseTopics of(String prefix) {
            return new PhaseTopics(
                    prefix + "-chunks",
                    prefix + "-scores",
                    prefix + "-dead-letters",
                    prefix + "-alerts",
                    prefix + "-alert-config",
                    prefix + "-model-control",
                    prefix + "-model-status",
                    prefix + "-scores-shadow");
        }

        public Map<String, Integer> withPartitions(int partitions) {
            Map<String, Integer> map = new LinkedHashMap<>();
            map.put(chunks, partitions);
            map.put(scores, partitions);
            map.put(deadLetters, 1);
            map.put(alerts, partitions);
            map.put(alertConfig, 1);
            map.put(modelControl, 1);
            map.put(modelStatus, 1);
            map.put(shadowScores, partitions);
            return map;
        }

        public List<String> all() {
            return List.of(
                    chunks,
                    scores,
                    deadLetters,
                    alerts,
                    alertConfig,
                    modelControl,
                    modelStatus,
                    shadowScores);
        }
    }
}
