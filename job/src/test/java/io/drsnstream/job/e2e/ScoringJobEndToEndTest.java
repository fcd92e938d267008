package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.e2e.ScoringJobHarness.ChunkProducer;
import io.drsnstream.job.e2e.ScoringJobHarness.Topics;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.ClassProbability;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.LoopbackFlink;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scoring job end to end, with real parts only: Kafka (in-JVM KRaft broker) -> Flink
 * MiniCluster running the job with the committed model -> Kafka, read back with a
 * {@code read_committed} consumer and decoded with the schemas module.
 */
class ScoringJobEndToEndTest {

    /** One TaskManager with 4 slots, on loopback; the tests run the job at parallelism 1 or 2. */
    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 4);

    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final long WINDOW_MICROS = 160_000L;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static LocalKafkaBroker kafka;

    private final SingleObjectCodec<ScoredWindow> scoresCodec = SingleObjectCodec.scoredWindows();
    private final SingleObjectCodec<DeadLetter> deadLetterCodec = SingleObjectCodec.deadLetters();

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
    void scoresEveryWindowOnceWithExactTimesAndClassifiesCleanFaults() throws Exception {
        Topics topics = Topics.create(kafka, "e2e-all-states", 2);
        ScoringJobConfig config = ScoringJobHarness.config(kafka, topics, Map.of());
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();
        float threshold = plan.threshold().value();
        List<List<SensorChunk>> sensors = new ArrayList<>();
        int windowsPerSensor = 8;
        for (HealthState state : HealthState.values()) {
            sensors.add(
                    TestChunks.sensor(
                            "machine-" + state.ordinal(),
                            "sensor-" + state.name(),
                            state,
                            windowsPerSensor * WINDOW_CHUNKS,
                            1000 + state.ordinal()));
        }

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        List<ScoredWindow> scores;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.scores())) {
            producer.sendAll(TestChunks.interleaved(sensors));
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
            producer.sendToPartition(1, TestChunks.watermarkFlush(1));
            int expected = HealthState.values().length * windowsPerSensor;
            reader.readUntil(r -> r.size() >= expected, PATIENCE);
            scores = decodeScores(reader.readFor(Duration.ofSeconds(2)));
        } finally {
            ScoringJobHarness.stop(job);
        }

        assertThat(scores).hasSize(HealthState.values().length * windowsPerSensor);
        Map<String, List<ScoredWindow>> bySensor =
                scores.stream().collect(Collectors.groupingBy(ScoredWindow::getSensorId));
        assertThat(bySensor).hasSize(HealthState.values().length);
        int correct = 0;
        for (HealthState state : HealthState.values()) {
            List<ScoredWindow> windows = new ArrayList<>(bySensor.get("sensor-" + state.name()));
            windows.sort((a, b) -> Long.compare(a.getFirstSeq(), b.getFirstSeq()));
            assertThat(windows).hasSize(windowsPerSensor);
            for (int k = 0; k < windowsPerSensor; k++) {
                ScoredWindow window = windows.get(k);
                Instant start =
                        Instant.EPOCH.plus(
                                TestChunks.T0_MICROS + k * WINDOW_MICROS, ChronoUnit.MICROS);
                assertThat(window.getFirstSeq()).isEqualTo((long) k * WINDOW_CHUNKS);
                assertThat(window.getLastSeq())
                        .isEqualTo((long) k * WINDOW_CHUNKS + WINDOW_CHUNKS - 1);
                assertThat(window.getWindowStart()).isEqualTo(start);
                assertThat(window.getWindowEnd())
                        .isEqualTo(start.plus(WINDOW_MICROS, ChronoUnit.MICROS));
                assertThat(window.getSampleCount()).isEqualTo(2048);
                assertThat(window.getMachineId()).isEqualTo("machine-" + state.ordinal());
                assertThat(window.getModelVersion()).isEqualTo(model.version());
                assertThat(window.getProbabilities())
                        .extracting(ClassProbability::getLabel)
                        .containsExactlyElementsOf(model.labels());
                double sum =
                        window.getProbabilities().stream()
                                .mapToDouble(ClassProbability::getProbability)
                                .sum();
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
                assertThat(window.getAnomaly()).isEqualTo(window.getAnomalyScore() >= threshold);
                assertThat(window.getNoiseLevel())
                        .as("estimated, not v1's default")
                        .isBetween(0f, 1f);
                if (window.getLabel().equals(state.name())) {
                    correct++;
                }
            }
        }
        double accuracy = correct / (double) scores.size();
        assertThat(accuracy).as("accuracy on clean simulated windows").isGreaterThanOrEqualTo(0.95);
        assertThat(scores.stream().mapToDouble(ScoredWindow::getNoiseLevel).average().orElseThrow())
                .as("mean noise level of clean simulated windows")
                .isLessThan(0.1);
    }

    /** Throws once, after a checkpoint has completed and a few windows have passed. */
    static final class FailOnceAfterCheckpoint
            implements MapFunction<ScoringResult, ScoringResult>, CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final int windowsBeforeFailure;
        private transient boolean checkpointCompleted;
        private transient int windowsSinceCheckpoint;

        FailOnceAfterCheckpoint(int windowsBeforeFailure) {
            this.windowsBeforeFailure = windowsBeforeFailure;
        }

        @Override
        public ScoringResult map(ScoringResult score) {
            if (checkpointCompleted
                    && ++windowsSinceCheckpoint >= windowsBeforeFailure
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException(
                        "injected failure after " + windowsSinceCheckpoint + " windows");
            }
            return score;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointCompleted = true;
        }
    }

    @Test
    void exactlyOnceUnderFailureNoWindowLostNoneDuplicated() throws Exception {
        Topics topics = Topics.create(kafka, "e2e-failure", 2);
        // Batches that outlive a checkpoint interval: windows are always buffered in the scoring
        // operator when a barrier arrives, which is what exactly-once must survive.
        ScoringJobConfig config =
                ScoringJobHarness.config(
                        kafka,
                        topics,
                        Map.of(
                                ScoringJobOptions.BATCH_SIZE.key(),
                                "256",
                                ScoringJobOptions.BATCH_TIMEOUT.key(),
                                "3 s"));
        int sensorsCount = 4;
        int windowsPerSensor = 12;
        List<List<SensorChunk>> sensors = new ArrayList<>();
        for (int s = 0; s < sensorsCount; s++) {
            sensors.add(
                    TestChunks.sensor(
                            "m" + s,
                            "failure-sensor-" + s,
                            s % 2 == 0 ? HealthState.HEALTHY : HealthState.OUTER_RACE,
                            windowsPerSensor * WINDOW_CHUNKS,
                            50 + s));
        }
        List<SensorChunk> stream = TestChunks.interleaved(sensors);
        FailOnceAfterCheckpoint.FAILED.set(false);

        JobClient job =
                ScoringJobHarness.start(
                        config,
                        scores ->
                                scores.map(new FailOnceAfterCheckpoint(3))
                                        .uid("inject-failure")
                                        .name("Fail once"));
        List<ScoredWindow> scores;
        List<SensorAlert> alerts;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.scores());
                TopicReader alertReader =
                        new TopicReader(kafka.bootstrapServers(), topics.alerts())) {
            // Slices over a few seconds, so that checkpoints complete in between and the
            // failure strikes mid-stream with committed and uncommitted output on both sides.
            int slices = 12;
            int sliceSize = (stream.size() + slices - 1) / slices;
            for (int from = 0; from < stream.size(); from += sliceSize) {
                producer.sendAll(stream.subList(from, Math.min(stream.size(), from + sliceSize)));
                Thread.sleep(400);
            }
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
            producer.sendToPartition(1, TestChunks.watermarkFlush(1));
            int expected = sensorsCount * windowsPerSensor;
            reader.readUntil(r -> r.size() >= expected, PATIENCE);
            scores = decodeScores(reader.readFor(Duration.ofSeconds(3)));
            // The flush chunks, an hour later, end the faulty sensors' open alerts (NO_DATA).
            alertReader.readUntil(r -> r.size() >= 4, PATIENCE);
            alerts = decodeAlerts(alertReader.readFor(Duration.ofSeconds(3)));
        } finally {
            ScoringJobHarness.stop(job);
        }

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        // Alerts through the failure: none for the healthy sensors; for each faulty one exactly
        // one alert, raised once with its fault and ended once, in order, no event twice.
        for (int s = 0; s < sensorsCount; s++) {
            String sensor = "failure-sensor-" + s;
            List<SensorAlert> events =
                    alerts.stream().filter(a -> sensor.equals(a.getSensorId())).toList();
            if (s % 2 == 0) {
                assertThat(events).as("alerts of healthy %s", sensor).isEmpty();
                continue;
            }
            assertThat(events).as("alerts of %s", sensor).isNotEmpty();
            assertThat(events.get(0).getKind()).isEqualTo(AlertKind.RAISED);
            assertThat(events.get(0).getLabel()).isEqualTo(HealthState.OUTER_RACE.name());
            assertThat(events.get(events.size() - 1).getKind()).isEqualTo(AlertKind.NO_DATA);
            assertThat(events.stream().filter(a -> a.getKind() == AlertKind.RAISED)).hasSize(1);
            assertThat(events.stream().filter(a -> a.getKind() == AlertKind.NO_DATA)).hasSize(1);
            assertThat(events)
                    .extracting(SensorAlert::getAlertId)
                    .containsOnly(events.get(0).getAlertId());
            assertThat(events)
                    .extracting(a -> a.getKind() + "@" + a.getEventTime())
                    .as("no event twice")
                    .doesNotHaveDuplicates();
        }
        List<String> windowIds =
                scores.stream().map(w -> w.getSensorId() + "#" + w.getFirstSeq()).sorted().toList();
        List<String> expectedIds = new ArrayList<>();
        for (int s = 0; s < sensorsCount; s++) {
            for (int k = 0; k < windowsPerSensor; k++) {
                expectedIds.add("failure-sensor-" + s + "#" + (k * WINDOW_CHUNKS));
            }
        }
        Collections.sort(expectedIds);
        assertThat(windowIds).as("every window exactly once").isEqualTo(expectedIds);
    }

    @Test
    void outOfOrderAndDuplicatedChunksGiveTheSameWindowsAsInOrder() throws Exception {
        Topics topics = Topics.create(kafka, "e2e-disorder", 1);
        ScoringJobConfig config =
                ScoringJobHarness.config(
                        kafka, topics, Map.of(ScoringJobOptions.PARALLELISM.key(), "1"));
        List<List<SensorChunk>> sensors = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            sensors.add(
                    TestChunks.sensor(
                            "m",
                            "disorder-sensor-" + s,
                            HealthState.BALL,
                            6 * WINDOW_CHUNKS,
                            70 + s));
        }
        List<SensorChunk> stream = new ArrayList<>(TestChunks.interleaved(sensors));
        // Shuffle within blocks of 12 records (80 ms of event time, under the 200 ms bound).
        Random random = new Random(11);
        for (int from = 0; from + 12 <= stream.size(); from += 12) {
            Collections.shuffle(stream.subList(from, from + 12), random);
        }
        // Five duplicates, re-sent some time after their originals.
        List<SensorChunk> duplicates =
                List.of(
                        stream.get(3),
                        stream.get(40),
                        stream.get(41),
                        stream.get(90),
                        stream.get(130));
        int[] positions = {30, 60, 100, 120, 140};
        for (int i = duplicates.size() - 1; i >= 0; i--) {
            stream.add(positions[i], duplicates.get(i));
        }

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        List<ScoredWindow> scores;
        List<DeadLetter> deadLetters;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader scoreReader =
                        new TopicReader(kafka.bootstrapServers(), topics.scores());
                TopicReader deadLetterReader =
                        new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
            producer.sendAll(stream);
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
            scoreReader.readUntil(r -> r.size() >= 18, PATIENCE);
            scores = decodeScores(scoreReader.readFor(Duration.ofSeconds(2)));
            deadLetters =
                    decodeDeadLetters(
                            deadLetterReader.readUntil(r -> r.size() >= 5, Duration.ofSeconds(30)));
        } finally {
            ScoringJobHarness.stop(job);
        }

        Set<String> expected = new HashSet<>();
        for (int s = 0; s < 3; s++) {
            for (int k = 0; k < 6; k++) {
                expected.add(
                        "disorder-sensor-"
                                + s
                                + "#"
                                + k * WINDOW_CHUNKS
                                + "@"
                                + Instant.EPOCH.plus(
                                        TestChunks.T0_MICROS + k * WINDOW_MICROS,
                                        ChronoUnit.MICROS));
            }
        }
        assertThat(scores).hasSize(18);
        assertThat(
                        scores.stream()
                                .map(
                                        w ->
                                                w.getSensorId()
                                                        + "#"
                                                        + w.getFirstSeq()
                                                        + "@"
                                                        + w.getWindowStart())
                                .collect(Collectors.toSet()))
                .isEqualTo(expected);
        assertThat(deadLetters)
                .hasSize(5)
                .allSatisfy(d -> assertThat(d.getReason()).isEqualTo(DeadLetterReason.DUPLICATE));
        assertThat(
                        deadLetters.stream()
                                .map(d -> d.getSensorId() + "#" + decodeChunk(d).getSeq())
                                .sorted()
                                .toList())
                .isEqualTo(
                        duplicates.stream()
                                .map(c -> c.getSensorId() + "#" + c.getSeq())
                                .sorted()
                                .toList());
    }

    @Test
    void badInputBecomesDeadLettersWithReasonAndCoordinatesAndEveryChunkIsAccountedFor()
            throws Exception {
        Topics topics = Topics.create(kafka, "e2e-bad-input", 1);
        ScoringJobConfig config =
                ScoringJobHarness.config(
                        kafka,
                        topics,
                        Map.of(
                                ScoringJobOptions.PARALLELISM.key(),
                                "1",
                                ScoringJobOptions.CHUNK_MAX_SAMPLES.key(),
                                "4096",
                                // The late chunk comes after the flush has moved the watermark an
                                // hour on: its sensor's state must outlive that to know it is late.
                                ScoringJobOptions.IDLE_TIMEOUT.key(),
                                "2 h"));
        List<SensorChunk> good =
                TestChunks.sensor("m", "good-sensor", HealthState.HEALTHY, 5 * WINDOW_CHUNKS, 90);
        List<SensorChunk> gappy =
                new ArrayList<>(
                        TestChunks.sensor("m", "gappy-sensor", HealthState.INNER_RACE, 51, 91));
        SensorChunk late = gappy.remove(10);
        List<SensorChunk> stream = TestChunks.interleaved(List.of(good, gappy));

        SensorChunk template = good.get(0);
        SingleObjectCodec<SensorChunk> chunkCodec = SingleObjectCodec.sensorChunks();
        byte[] valid = chunkCodec.encode(template);
        byte[] corrupt = java.util.Arrays.copyOf(valid, 40); // the real header, then a garbage body
        java.util.Arrays.fill(corrupt, SingleObjectCodec.HEADER_BYTES, corrupt.length, (byte) 0xFF);
        byte[] truncated = java.util.Arrays.copyOf(valid, valid.length / 2);
        Map<String, DeadLetterReason> expectedReasons = new HashMap<>();
        Map<String, byte[]> badPayloads = new java.util.LinkedHashMap<>();
        badPayloads.put("corrupt", corrupt);
        badPayloads.put("truncated", truncated);
        badPayloads.put(
                "not-avro",
                "{\"sensorId\": \"json-sensor\"}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        badPayloads.put("unknown-schema", unknownSchemaPayload());
        badPayloads.put(
                "nan", chunkCodec.encode(withSamples(template, "nan", List.of(1f, Float.NaN, 2f))));
        badPayloads.put(
                "rate",
                chunkCodec.encode(
                        SensorChunk.newBuilder(template)
                                .setSensorId("rate")
                                .setSampleRateHz(25_600.0)
                                .build()));
        badPayloads.put("empty", chunkCodec.encode(withSamples(template, "empty", List.of())));
        badPayloads.put(
                "oversized",
                chunkCodec.encode(
                        withSamples(template, "oversized", Collections.nCopies(5000, 0.5f))));
        expectedReasons.put("corrupt", DeadLetterReason.MALFORMED);
        expectedReasons.put("truncated", DeadLetterReason.MALFORMED);
        expectedReasons.put("not-avro", DeadLetterReason.MALFORMED);
        expectedReasons.put("unknown-schema", DeadLetterReason.UNKNOWN_SCHEMA);
        expectedReasons.put("nan", DeadLetterReason.INVALID_VALUES);
        expectedReasons.put("rate", DeadLetterReason.SAMPLE_RATE_MISMATCH);
        expectedReasons.put("empty", DeadLetterReason.EMPTY);
        expectedReasons.put("oversized", DeadLetterReason.OVERSIZED);

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        List<ScoredWindow> scores;
        List<DeadLetter> deadLetters;
        Map<Long, String> badByOffset = new HashMap<>();
        long lateOffset;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader scoreReader =
                        new TopicReader(kafka.bootstrapServers(), topics.scores());
                TopicReader deadLetterReader =
                        new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
            int half = stream.size() / 2;
            producer.sendAll(stream.subList(0, half));
            for (var bad : badPayloads.entrySet()) {
                RecordMetadata where = producer.sendRaw(bad.getKey(), bad.getValue());
                badByOffset.put(where.offset(), bad.getKey());
            }
            producer.sendAll(stream.subList(half, stream.size()));
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
            // Once gappy-sensor's windows after the gap are out, its missing chunk is too late.
            scoreReader.readUntil(
                    r ->
                            decodeScores(r).stream()
                                    .anyMatch(
                                            w ->
                                                    w.getSensorId().equals("gappy-sensor")
                                                            && w.getFirstSeq() == 43),
                    PATIENCE);
            lateOffset = producer.send(late).offset();
            scores = decodeScores(scoreReader.readUntil(r -> r.size() >= 10, PATIENCE));
            deadLetters =
                    decodeDeadLetters(deadLetterReader.readUntil(r -> r.size() >= 9, PATIENCE));
            scores = decodeScores(scoreReader.readFor(Duration.ofSeconds(1)));
            deadLetters = decodeDeadLetters(deadLetterReader.readFor(Duration.ofSeconds(1)));
            assertThat(job.getJobStatus().get()).as("the job keeps running").hasToString("RUNNING");
        } finally {
            ScoringJobHarness.stop(job);
        }

        // Each bad record: one dead letter with its reason and coordinates.
        assertThat(deadLetters).hasSize(9);
        for (DeadLetter deadLetter : deadLetters) {
            assertThat(deadLetter.getSourceTopic()).isEqualTo(topics.chunks());
            assertThat(deadLetter.getSourcePartition()).isZero();
            assertThat(deadLetter.getDetail()).isNotBlank();
            if (deadLetter.getSourceOffset() == lateOffset) {
                assertThat(deadLetter.getReason()).isEqualTo(DeadLetterReason.LATE);
                assertThat(decodeChunk(deadLetter).getSeq()).isEqualTo(10L);
                continue;
            }
            String name = badByOffset.get(deadLetter.getSourceOffset());
            assertThat(name)
                    .as(
                            "dead letter at offset %d is one of the bad records",
                            deadLetter.getSourceOffset())
                    .isNotNull();
            assertThat(deadLetter.getReason()).as(name).isEqualTo(expectedReasons.get(name));
            assertThat(bytes(deadLetter.getPayload()))
                    .as("payload of %s as received", name)
                    .isEqualTo(badPayloads.get(name));
            assertThat(new String(bytes(deadLetter.getKey()))).isEqualTo(name);
        }
        assertThat(
                        deadLetters.stream()
                                .map(DeadLetter::getSourceOffset)
                                .collect(Collectors.toSet()))
                .hasSize(9)
                .contains(lateOffset)
                .containsAll(badByOffset.keySet());

        // The ledger: every good chunk is inside exactly one scored window, or a dead letter, or
        // in the partial window the gap cut (gappy-sensor seq 8 and 9).
        Map<String, Integer> coverage = new HashMap<>();
        for (ScoredWindow window : scores) {
            for (long seq = window.getFirstSeq(); seq <= window.getLastSeq(); seq++) {
                coverage.merge(window.getSensorId() + "#" + seq, 1, Integer::sum);
            }
        }
        assertThat(coverage.values())
                .as("no chunk in two windows (hop = window length)")
                .allMatch(n -> n == 1);
        Set<String> unaccounted = new HashSet<>();
        for (SensorChunk chunk : stream) {
            unaccounted.add(chunk.getSensorId() + "#" + chunk.getSeq());
        }
        unaccounted.add("gappy-sensor#10");
        unaccounted.removeAll(coverage.keySet());
        unaccounted.remove("gappy-sensor#10"); // the LATE dead letter, checked above
        assertThat(unaccounted)
                .as("chunks neither scored nor dead-lettered: exactly the ones the gap cut")
                .containsExactlyInAnyOrder("gappy-sensor#8", "gappy-sensor#9");
        assertThat(scores.stream().filter(w -> w.getSensorId().equals("good-sensor"))).hasSize(5);
        assertThat(scores.stream().filter(w -> w.getSensorId().equals("gappy-sensor")))
                .hasSize(1 + 5);
    }

    private static SensorChunk withSamples(
            SensorChunk template, String sensorId, List<Float> samples) {
        return SensorChunk.newBuilder(template).setSensorId(sensorId).setSamples(samples).build();
    }

    /** A well-formed single-object record of a schema no drsn-stream release has. */
    private static byte[] unknownSchemaPayload() throws Exception {
        Schema foreign =
                SchemaBuilder.record("SensorChunk")
                        .namespace("io.drsnstream.schemas")
                        .fields()
                        .requiredString("sensorId")
                        .requiredLong("seq")
                        .endRecord();
        GenericRecord record = new GenericData.Record(foreign);
        record.put("sensorId", "unknown-schema");
        record.put("seq", 1L);
        ByteBuffer buffer =
                new BinaryMessageEncoder<GenericRecord>(GenericData.get(), foreign).encode(record);
        return bytes(buffer);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private SensorChunk decodeChunk(DeadLetter deadLetter) {
        try {
            return SingleObjectCodec.sensorChunks().decode(bytes(deadLetter.getPayload()));
        } catch (Exception e) {
            throw new AssertionError(
                    "dead letter payload is not a SensorChunk: " + e.getMessage(), e);
        }
    }

    private static List<SensorAlert> decodeAlerts(List<ConsumerRecord<byte[], byte[]>> records) {
        SingleObjectCodec<SensorAlert> codec = SingleObjectCodec.sensorAlerts();
        List<SensorAlert> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                SensorAlert alert = codec.decode(record.value());
                assertThat(new String(record.key())).isEqualTo(alert.getSensorId());
                out.add(alert);
            } catch (Exception e) {
                throw new AssertionError("undecodable alert: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private List<ScoredWindow> decodeScores(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ScoredWindow> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                ScoredWindow window = scoresCodec.decode(record.value());
                assertThat(new String(record.key())).isEqualTo(window.getSensorId());
                if (!TestChunks.isFlush(window.getSensorId())) {
                    out.add(window);
                }
            } catch (Exception e) {
                throw new AssertionError("undecodable score: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private List<DeadLetter> decodeDeadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
        List<DeadLetter> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                out.add(deadLetterCodec.decode(record.value()));
            } catch (Exception e) {
                throw new AssertionError("undecodable dead letter: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
