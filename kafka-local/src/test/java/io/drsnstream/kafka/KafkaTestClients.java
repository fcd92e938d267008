package io.drsnstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients against a {@link LocalKafkaBroker}, for the tests. */
final class KafkaTestClients {

    private KafkaTestClients() {}

    static KafkaProducer<String, String> producer(
            LocalKafkaBroker kafka, Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.putAll(extra);
        return new KafkaProducer<>(p);
    }

    /**
     * Subscribes with a fresh group from the earliest offset and polls until {@code expected}
     * records arrived; fails, listing the values read, when they do not within {@code timeout}.
     */
    static List<ConsumerRecord<String, String>> consume(
            LocalKafkaBroker kafka,
            String topic,
            int expected,
            String isolationLevel,
            Duration timeout) {
        return consume(kafka, topic, expected, isolationLevel, timeout, Map.of());
    }

    /** As above, with {@code extra} client settings (e.g. SASL credentials). */
    static List<ConsumerRecord<String, String>> consume(
            LocalKafkaBroker kafka,
            String topic,
            int expected,
            String isolationLevel,
            Duration timeout,
            Map<String, Object> extra) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.putAll(extra);
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            // In this thread: a KafkaConsumer must not be used from two threads. No pause between
            // evaluations: each poll already waits up to 200 ms for records.
            await(expected + " records on " + topic)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ZERO)
                    .untilAsserted(
                            () -> {
                                if (out.size() < expected) {
                                    consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                                }
                                assertThat(out)
                                        .extracting(ConsumerRecord::value)
                                        .as("values read from %s (%s)", topic, isolationLevel)
                                        .hasSizeGreaterThanOrEqualTo(expected);
                            });
            // One more short poll: catches records beyond the expected count (duplicates, aborted
            // data).
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
        }
        return out;
    }
}
