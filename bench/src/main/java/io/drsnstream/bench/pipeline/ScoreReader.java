package io.drsnstream.bench.pipeline;

import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the scores topic as a downstream service would, {@code read_committed}, on its own
 * thread, and hands every decoded {@code ScoredWindow} with the time it became readable here to a
 * listener. With exactly-once delivery a score is readable only once the checkpoint that commits
 * its transaction has completed, which is exactly what the latency must include.
 */
public final class ScoreReader implements AutoCloseable {

    /** Called on the reader thread. */
    public interface Listener {
        /**
         * @param receivedMicros when the poll that returned the record came back ({@link MonotonicClock})
         * @param score the decoded record
         */
        void onScore(long receivedMicros, ScoredWindow score);
    }

    private final Thread thread;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;

    public ScoreReader(String bootstrapServers, String topic, Listener listener) {
        thread = new Thread(() -> run(bootstrapServers, topic, listener), "score-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
        try {
            if (!assigned.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "The score reader could not subscribe to " + topic + " in 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
        rethrow();
    }

    private void run(String bootstrapServers, String topic, Listener listener) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Return as soon as anything is readable; the wait only bounds idle polls.
        props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50");
        SingleObjectCodec<ScoredWindow> codec = SingleObjectCodec.scoredWindows();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(20)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            assigned.countDown();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = MonotonicClock.nowMicros();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    ScoredWindow score;
                    try {
                        score = codec.decode(record.value());
                    } catch (PayloadDecodingException e) {
                        undecodable.incrementAndGet();
                        continue;
                    }
                    received.incrementAndGet();
                    listener.onScore(now, score);
                }
            }
        } catch (Throwable t) {
            failure.set(t);
            assigned.countDown();
        }
    }

    /** Scores read so far. */
    public long received() {
        return received.get();
    }

    /** Records that were not a ScoredWindow (should stay 0). */
    public long undecodable() {
        return undecodable.get();
    }

    /** Throws if the reader thread died. */
    public void rethrow() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("The score reader failed: " + t, t);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
