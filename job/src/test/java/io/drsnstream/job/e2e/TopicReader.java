package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic from the beginning as a downstream service would: {@code read_committed},
 * so records of open or aborted transactions never show.
 */
final class TopicReader implements AutoCloseable {

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        this(bootstrapProperties(bootstrapServers), topic);
    }

    /** With {@code clientProperties}: bootstrap servers and anything else, e.g. credentials. */
    TopicReader(Properties clientProperties, String topic) {
        this(clientProperties, topic, "read_committed");
    }

    /**
     * Reads records of open and aborted transactions too: what a failed exactly-once test compares
     * with the committed view, to tell a window never produced from one never committed.
     */
    static TopicReader uncommitted(String bootstrapServers, String topic) {
        return new TopicReader(bootstrapProperties(bootstrapServers), topic, "read_uncommitted");
    }

    private TopicReader(Properties clientProperties, String topic, String isolationLevel) {
        this.topic = topic;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        List<TopicPartition> assigned =
                partitions.stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toList());
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    private static Properties bootstrapProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /**
     * Polls until {@code done} holds for everything read so far; fails, saying how many records
     * arrived, when it does not within {@code timeout}.
     */
    List<ConsumerRecord<byte[], byte[]>> readUntil(
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout) {
        // In this thread: a KafkaConsumer must not be used from two threads. No pause between
        // evaluations: each poll already waits up to 200 ms for records.
        await("records on " + topic)
                .atMost(timeout)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ZERO)
                .untilAsserted(
                        () -> {
                            if (!done.test(records)) {
                                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                            }
                            assertThat(done.test(records))
                                    .as(
                                            "the condition on the %d records read from %s",
                                            records.size(), topic)
                                    .isTrue();
                        });
        return List.copyOf(records);
    }

    /** Keeps reading for {@code quiet}, to catch anything (e.g. duplicates) that comes late. */
    List<ConsumerRecord<byte[], byte[]>> readFor(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
