package io.drsnstream.demo;

import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.alert.AlertOverride;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.Topics;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The compacted alert-config topic ({@link Topics#SENSOR_ALERT_CONFIG}) of one Kafka: writes an
 * override or its tombstone, and reads the overrides in force the way the job does, from the
 * start, {@code read_committed}, the latest valid record per key.
 */
final class AlertConfigTopic {

    /** How long a client waits for the broker's metadata or an acknowledgement. */
    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String topic;

    AlertConfigTopic(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    String topic() {
        return topic;
    }

    /** The overrides the job would hold after reading the topic, and what it would refuse. */
    record Snapshot(SortedMap<String, AlertOverride> overrides, List<RejectedRecord> refused) {}

    /** Writes {@code override} under its key; where it landed. */
    RecordMetadata write(AlertPolicyOverride override) throws Exception {
        return send(
                Topics.alertConfigKey(override.getScope(), override.getId()),
                SingleObjectCodec.alertPolicyOverrides().encode(override));
    }

    /** Writes the tombstone of {@code key}: the job drops that override. */
    RecordMetadata remove(String key) throws Exception {
        return send(key, null);
    }

    private RecordMetadata send(String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // The job applies what is written: acknowledged by every in-sync replica, never twice.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(
                            new ProducerRecord<>(
                                    topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * Reads the topic from its start up to its end as of now.
     *
     * @throws IllegalStateException when the topic does not exist or cannot be read to its end
     */
    Snapshot read() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        AlertConfigRecords records = new AlertConfigRecords();
        SortedMap<String, AlertOverride> overrides = new TreeMap<>();
        List<RejectedRecord> refused = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, BROKER_TIMEOUT).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException(
                        "topic " + topic + " does not exist at " + bootstrapServers);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, past which nothing is decided.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, BROKER_TIMEOUT);
            long deadline = System.nanoTime() + BROKER_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read "
                                    + topic
                                    + " to its end "
                                    + end
                                    + " within "
                                    + BROKER_TIMEOUT.toSeconds()
                                    + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(topic, record.partition()))) {
                        continue; // written since the end was taken; a later list shows it
                    }
                    Inbound<AlertConfigUpdate> read = records.read(record);
                    AlertConfigUpdate update = read.value;
                    if (read.isRejected()) {
                        refused.add(read.rejected); // the job keeps the key's previous override
                    } else if (update.removed) {
                        overrides.remove(update.key);
                    } else {
                        overrides.put(update.key, update.override);
                    }
                }
            }
        }
        return new Snapshot(overrides, refused);
    }
}
