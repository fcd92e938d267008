package io.drsnstream.demo;

import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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

/** Writes model commands to model-control and reads the answers on model-status. */
final class ModelControlTopic {

    static final Duration BROKER_TIMEOUT = Duration.ofSeconds(30);

    private final Properties clientProperties;
    private final String topic;

    ModelControlTopic(Properties clientProperties, String topic) {
        this.clientProperties = clientProperties;
        this.topic = topic;
    }

    RecordMetadata write(ModelCommand command) throws Exception {
        Properties props = new Properties();
        props.putAll(clientProperties);
        // The job applies what is written: acknowledged by every in-sync replica, never twice.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BROKER_TIMEOUT.toMillis());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            return producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    command.getCommandId().getBytes(StandardCharsets.UTF_8),
                                    SingleObjectCodec.modelCommands().encode(command)))
                    .get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /**
     * The topic's ModelStatus records from its start to its end as of now, in offset order per
     * partition; undecodable records are skipped with a line on stderr.
     */
    List<ModelStatus> readStatuses() {
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        SingleObjectCodec<ModelStatus> codec = SingleObjectCodec.modelStatuses();
        List<ModelStatus> statuses = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, BROKER_TIMEOUT).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, BROKER_TIMEOUT);
            long deadline = System.nanoTime() + BROKER_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() >= end.get(new TopicPartition(topic, record.partition()))) {
                        continue;
                    }
                    try {
                        statuses.add(codec.decode(record.value()));
                    } catch (PayloadDecodingException e) {
                        System.err.println(
                                "model status: skipped "
                                        + record.topic()
                                        + "-"
                                        + record.partition()
                                        + "@"
                                        + record.offset()
                                        + ": "
                                        + e.getMessage());
                    }
                }
            }
        }
        return statuses;
    }
}
