package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.e2e.ScoringJobHarness.ChunkProducer;
import io.drsnstream.job.e2e.ScoringJobHarness.Topics;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.LoopbackFlink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.Record;
import org.apache.kafka.common.record.RecordBatch;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A rejected chunk as large as Kafka's defaults let through: the broker's {@code
 * message.max.bytes} (1 MiB + 12 bytes) and the producer's {@code max.request.size} (1 MiB) are
 * left as they are, so the largest chunk a producer can write is the one whose record fits 1 MiB.
 * Its dead letter must still be written (the job's producers have the same 1 MiB limit), and the
 * job must keep running. Before payloads were truncated, that dead letter (1048742 bytes) was
 * refused with a {@code RecordTooLargeException} at every restart until the job failed.
 */
class DeadLetterSizeEndToEndTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 2);

    /** Kafka's default producer {@code max.request.size}, which every client here keeps. */
    private static final int MAX_REQUEST_SIZE = 1_048_576;

    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aRejectedChunkOfTheLargestSizeTheTopicAcceptsIsDeadLetteredAndTheJobKeepsRunning()
            throws Exception {
        Topics topics = Topics.create(kafka, "e2e-dead-letter-size", 1);
        ScoringJobConfig config =
                ScoringJobHarness.config(
                        kafka, topics, Map.of(ScoringJobOptions.PARALLELISM.key(), "1"));
        List<SensorChunk> good =
                TestChunks.sensor("m", "good-sensor", HealthState.HEALTHY, 4 * WINDOW_CHUNKS, 7);
        String hugeKey = "huge-sensor";
        int samples = largestSampleCount(good.get(0), hugeKey);
        byte[] huge = encode(good.get(0), hugeKey, samples);
        byte[] tooLarge = encode(good.get(0), hugeKey, samples + 1);
        assertThat(samples)
                .as("far above chunk.max-samples: an OVERSIZED dead letter")
                .isGreaterThan(config.chunkMaxSamples);

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        List<ConsumerRecord<byte[], byte[]>> deadLetterRecords;
        List<ScoredWindow> scores;
        long hugeOffset;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader scoreReader =
                        new TopicReader(kafka.bootstrapServers(), topics.scores());
                TopicReader deadLetterReader =
                        new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
            // One sample more and the producer refuses the chunk: this is the largest one.
            assertThatThrownBy(() -> producer.sendRaw(hugeKey, tooLarge))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RecordTooLargeException.class);
            int half = good.size() / 2;
            producer.sendAll(good.subList(0, half));
            RecordMetadata where = producer.sendRaw(hugeKey, huge);
            hugeOffset = where.offset();
            producer.sendAll(good.subList(half, good.size()));
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));

            awaitRecords(deadLetterReader, 1, job);
            awaitRecords(scoreReader, 4, job);
            deadLetterRecords = deadLetterReader.readFor(Duration.ofSeconds(2));
            scores = decodeScores(scoreReader.readFor(Duration.ofSeconds(1)));
            assertThat(job.getJobStatus().get()).as("the job keeps running").hasToString("RUNNING");
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                ScoringJobHarness.stop(job); // a failed job cannot be cancelled: keep its failure
            }
        }

        System.out.printf(
                "Largest chunk: %d samples, %d value bytes (key %d bytes); one sample more is"
                        + " refused by max.request.size=%d%n",
                samples, huge.length, hugeKey.length(), MAX_REQUEST_SIZE);
        assertThat(deadLetterRecords).hasSize(1);
        int cap = config.deadLetterMaxPayloadBytes;
        System.out.printf(
                "Its dead letter: %d value bytes, payload cut to dead-letter.max-payload-bytes=%d%n",
                deadLetterRecords.get(0).value().length, cap);
        assertThat(deadLetterRecords.get(0).value().length)
                .as("the dead letter: the cap plus its metadata, far below max.request.size")
                .isBetween(cap, cap + 1024);
        DeadLetter letter = decodeDeadLetters(deadLetterRecords).get(0);
        assertThat(letter.getReason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(letter.getSourceOffset()).isEqualTo(hugeOffset);
        assertThat(letter.getSensorId()).isEqualTo(hugeKey);
        assertThat(new String(bytes(letter.getKey()), StandardCharsets.UTF_8)).isEqualTo(hugeKey);
        assertThat(letter.getPayloadTruncated()).isTrue();
        assertThat(bytes(letter.getPayload()))
                .as("the first bytes of the chunk as received")
                .isEqualTo(Arrays.copyOf(huge, cap));
        assertThat(letter.getOriginalPayloadBytes()).isEqualTo(huge.length);
        assertThat(letter.getPayloadSha256())
                .isEqualTo(
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(huge)));

        // Every other chunk is in exactly one scored window: the ledger holds around the huge one.
        assertThat(scores)
                .extracting(w -> w.getSensorId() + "#" + w.getFirstSeq() + ".." + w.getLastSeq())
                .containsExactly(
                        "good-sensor#0..7",
                        "good-sensor#8..15",
                        "good-sensor#16..23",
                        "good-sensor#24..31");
    }

    /**
     * The most samples a chunk keyed {@code key} can have and still pass the producer's size check
     * (its own estimate of the record batch, as {@code KafkaProducer} computes it). The test then
     * proves the bound with the real producer: this many are accepted, one more is refused.
     */
    private static int largestSampleCount(SensorChunk template, String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int low = 0;
        int high = MAX_REQUEST_SIZE / Float.BYTES;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            int recordBytes =
                    AbstractRecords.estimateSizeInBytesUpperBound(
                            RecordBatch.CURRENT_MAGIC_VALUE,
                            CompressionType.NONE,
                            keyBytes,
                            encode(template, key, mid),
                            Record.EMPTY_HEADERS);
            if (recordBytes <= MAX_REQUEST_SIZE) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static byte[] encode(SensorChunk template, String sensorId, int samples) {
        return SingleObjectCodec.sensorChunks()
                .encode(
                        SensorChunk.newBuilder(template)
                                .setSensorId(sensorId)
                                .setSamples(Collections.nCopies(samples, 0.5f))
                                .build());
    }

    /** Reads until {@code count} records came; if they do not, says what became of the job. */
    private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(
            TopicReader reader, int count, JobClient job) throws Exception {
        try {
            return reader.readUntil(r -> r.size() >= count, PATIENCE);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "fewer than "
                            + count
                            + " records within "
                            + PATIENCE
                            + "; the job is "
                            + job.getJobStatus().get(),
                    e);
        }
    }

    private static List<ScoredWindow> decodeScores(List<ConsumerRecord<byte[], byte[]>> records)
            throws Exception {
        SingleObjectCodec<ScoredWindow> codec = SingleObjectCodec.scoredWindows();
        List<ScoredWindow> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            ScoredWindow window = codec.decode(record.value());
            if (!TestChunks.isFlush(window.getSensorId())) {
                out.add(window);
            }
        }
        out.sort((a, b) -> Long.compare(a.getFirstSeq(), b.getFirstSeq()));
        return out;
    }

    private static List<DeadLetter> decodeDeadLetters(List<ConsumerRecord<byte[], byte[]>> records)
            throws Exception {
        SingleObjectCodec<DeadLetter> codec = SingleObjectCodec.deadLetters();
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            out.add(codec.decode(record.value()));
        }
        return out;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }
}
