package io.drsnstream.localcluster;

import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The scores topic from the beginning as a downstream service reads it: {@code read_committed},
 * so windows of open or aborted transactions (a TaskManager killed mid-checkpoint) never show.
 */
final class CommittedScores implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SingleObjectCodec<ScoredWindow> codec = SingleObjectCodec.scoredWindows();
    private final List<ScoredWindow> windows = new ArrayList<>();

    CommittedScores(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                        .map(p -> new TopicPartition(topic, p.partition()))
                        .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls once (up to 200 ms); returns every scored window read so far, flushes left out. */
    List<ScoredWindow> poll() throws PayloadDecodingException {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            ScoredWindow window = codec.decode(record.value());
            if (!FleetChunks.isFlush(window.getSensorId())) {
                windows.add(window);
            }
        }
        return List.copyOf(windows);
    }

    /** Keeps reading for {@code quiet}, to catch anything (e.g. a duplicate) that comes late. */
    List<ScoredWindow> pollFor(Duration quiet) throws PayloadDecodingException {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
        }
        return List.copyOf(windows);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
