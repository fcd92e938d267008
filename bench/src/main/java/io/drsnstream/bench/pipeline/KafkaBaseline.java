package io.drsnstream.bench.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The ceiling Kafka alone sets on this machine: plain client loops that consume the same chunk
 * records the pipeline consumes and produce, for every {@code chunksPerWindow} of them, one
 * record of the size of an encoded {@code ScoredWindow}: the same bytes in and out as the job,
 * with no decoding, state, model or checkpoints.
 *
 * <p>One loop per thread, as many threads as the job's parallelism, each owning the partitions
 * {@code p} with {@code p mod threads == thread}; consumers read {@code read_committed} like the
 * job's source, producers use acks=all like its sinks. Not transactional: the figure is the
 * transport ceiling, which exactly-once can only lower.
 */
public final class KafkaBaseline {

    private KafkaBaseline() {}

    /**
     * Drains {@code topic} from the beginning to its current end.
     *
     * @return records/s, windows/s (records / chunksPerWindow), MB/s in and out, seconds
     */
    public static Map<String, Object> run(String bootstrapServers, String topic, String outputTopic, int partitions,
            int threads, int chunksPerWindow, int outputBytes) throws InterruptedException {
        byte[] output = new byte[outputBytes];
        long[] firstRecordNanos = new long[threads];
        long[] doneNanos = new long[threads];
        long[] records = new long[threads];
        long[] bytesIn = new long[threads];
        long[] outputs = new long[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            List<TopicPartition> owned = new ArrayList<>();
            for (int p = t; p < partitions; p += threads) {
                owned.add(new TopicPartition(topic, p));
            }
            Thread worker = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrapServers);
                        KafkaProducer<byte[], byte[]> producer = KafkaTools.producer(bootstrapServers, 5)) {
                    consumer.assign(owned);
                    consumer.seekToBeginning(owned);
                    Map<TopicPartition, Long> end = consumer.endOffsets(owned);
                    long sinceOutput = 0;
                    while (!reached(consumer, end)) {
                        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                            if (records[index]++ == 0) {
                                firstRecordNanos[index] = System.nanoTime();
                            }
                            bytesIn[index] += record.serializedValueSize() + Math.max(0, record.serializedKeySize());
                            if (++sinceOutput == chunksPerWindow) {
                                sinceOutput = 0;
                                producer.send(new ProducerRecord<>(outputTopic, record.key(), output));
                                outputs[index]++;
                            }
                        }
                    }
                    producer.flush();
                    doneNanos[index] = System.nanoTime();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "kafka-baseline-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("The Kafka baseline failed: " + failure.get(), failure.get());
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long totalRecords = 0;
        long totalBytesIn = 0;
        long totalOutputs = 0;
        for (int t = 0; t < threads; t++) {
            if (records[t] > 0) {
                first = Math.min(first, firstRecordNanos[t]);
                last = Math.max(last, doneNanos[t]);
            }
            totalRecords += records[t];
            totalBytesIn += bytesIn[t];
            totalOutputs += outputs[t];
        }
        double seconds = totalRecords == 0 ? Double.NaN : (last - first) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("threads", threads);
        result.put("records", totalRecords);
        result.put("outputRecords", totalOutputs);
        result.put("outputRecordBytes", outputBytes);
        result.put("seconds", seconds);
        result.put("recordsPerSecond", totalRecords / seconds);
        result.put("windowsPerSecond", totalRecords / (double) chunksPerWindow / seconds);
        result.put("mbPerSecondIn", totalBytesIn / 1e6 / seconds);
        result.put("mbPerSecondOut", totalOutputs * (double) outputBytes / 1e6 / seconds);
        return result;
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
