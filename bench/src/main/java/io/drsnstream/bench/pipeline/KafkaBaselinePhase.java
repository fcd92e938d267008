package io.drsnstream.bench.pipeline;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.scoring.ScoredWindowSerializationSchema;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * The {@code kafka} phase: the ceiling Kafka alone sets on this machine. Plain client loops
 * consume the same chunk backlog the drain phase's job consumes and produce, for every
 * {@code chunksPerWindow} of them, one record of the size of an encoded {@code ScoredWindow}:
 * the same bytes in and out as the job, with no decoding, state, model or checkpoints.
 *
 * <p>One loop per thread, as many threads as the job's parallelism, each owning the partitions
 * {@code p} with {@code p mod threads == thread}; consumers read {@code read_committed} like the
 * job's source, producers use acks=all like its sinks. Not transactional: the figure is the
 * transport ceiling, which exactly-once can only lower.
 */
public final class KafkaBaselinePhase {

    /**
     * The phase's result; component names are the result file's field names.
     *
     * @param windowsPerSecond records / chunksPerWindow per second: windows' worth of chunks
     */
    public record Result(
            KafkaTools.Backlog backlog,
            int threads,
            long records,
            long outputRecords,
            int outputRecordBytes,
            double seconds,
            double recordsPerSecond,
            double windowsPerSecond,
            double mbPerSecondIn,
            double mbPerSecondOut) {}

    private final PhaseContext context;

    public KafkaBaselinePhase(PhaseContext context) {
        this.context = context;
    }

    /** The raw Kafka loop over a backlog of {@code windowsPerSensor} windows of {@code sensors} sensors. */
    public Result run(int sensors, int windowsPerSensor) throws Exception {
        KafkaTools.PhaseTopics topics = context.createTopics(context.nextPrefix("kafka"));
        try {
            ChunkFactory fleet = context.fleet(sensors, 1);
            KafkaTools.Backlog backlog =
                    context.produceBacklog(topics, fleet, windowsPerSensor, false);
            int chunksPerWindow =
                    (int) Math.round((double) context.hop() / context.settings().chunkSamples());
            Result result =
                    drain(
                            backlog,
                            topics,
                            context.settings().partitions(),
                            context.settings().parallelism(),
                            Math.max(1, chunksPerWindow),
                            scoredWindowBytes(fleet.sensorId(0)));
            System.out.printf(
                    Locale.ROOT,
                    "kafka: %.0f windows/s equivalent (%.0f records/s)%n",
                    result.windowsPerSecond(),
                    result.recordsPerSecond());
            return result;
        } finally {
            context.deleteTopics(topics);
        }
    }

    /** The size of an encoded ScoredWindow with the model's labels: what the job writes per window. */
    private int scoredWindowBytes(String sensorId) {
        ModelMetadata model = context.settings().model();
        ScoringResult score = new ScoringResult();
        score.machineId = "machine-000";
        score.sensorId = sensorId;
        score.startMicros = PhaseContext.BACKLOG_ORIGIN_MICROS;
        score.endMicros = PhaseContext.BACKLOG_ORIGIN_MICROS + 160_000;
        score.sampleCount = model.windowLength();
        score.label = model.labels().get(0);
        score.confidence = 0.9f;
        score.classLabels = model.labels().toArray(new String[0]);
        score.probabilities = new float[score.classLabels.length];
        Arrays.fill(score.probabilities, 1f / score.classLabels.length);
        score.modelVersion = model.version();
        score.scoredAtMillis = System.currentTimeMillis();
        return SingleObjectCodec.scoredWindows()
                .encode(ScoredWindowSerializationSchema.toAvro(score))
                .length;
    }

    /** Works the chunks topic off from the beginning to its current end, writing to the scores topic. */
    private Result drain(
            KafkaTools.Backlog backlog,
            KafkaTools.PhaseTopics topics,
            int partitions,
            int threads,
            int chunksPerWindow,
            int outputBytes)
            throws InterruptedException {
        String bootstrapServers = context.bootstrapServers();
        String topic = topics.chunks();
        String outputTopic = topics.scores();
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
            Thread worker =
                    new Thread(
                            () -> {
                                try (KafkaConsumer<byte[], byte[]> consumer =
                                                consumer(bootstrapServers);
                                        KafkaProducer<byte[], byte[]> producer =
                                                KafkaTools.producer(bootstrapServers, 5)) {
                                    consumer.assign(owned);
                                    consumer.seekToBeginning(owned);
                                    Map<TopicPartition, Long> end = consumer.endOffsets(owned);
                                    long sinceOutput = 0;
                                    while (!reached(consumer, end)) {
                                        for (ConsumerRecord<byte[], byte[]> record :
                                                consumer.poll(Duration.ofMillis(100))) {
                                            if (records[index]++ == 0) {
                                                firstRecordNanos[index] = System.nanoTime();
                                            }
                                            bytesIn[index] +=
                                                    record.serializedValueSize()
                                                            + Math.max(
                                                                    0, record.serializedKeySize());
                                            if (++sinceOutput == chunksPerWindow) {
                                                sinceOutput = 0;
                                                producer.send(
                                                        new ProducerRecord<>(
                                                                outputTopic, record.key(), output));
                                                outputs[index]++;
                                            }
                                        }
                                    }
                                    producer.flush();
                                    doneNanos[index] = System.nanoTime();
                                } catch (Throwable e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "kafka-baseline-" + t);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(
                    "The Kafka baseline failed: " + failure.get(), failure.get());
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
        return new Result(
                backlog,
                threads,
                totalRecords,
                totalOutputs,
                outputBytes,
                seconds,
                totalRecords / seconds,
                totalRecords / (double) chunksPerWindow / seconds,
                totalBytesIn / 1e6 / seconds,
                totalOutputs * (double) outputBytes / 1e6 / seconds);
    }

    private static boolean reached(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
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
