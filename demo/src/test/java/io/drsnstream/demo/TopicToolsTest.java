package io.drsnstream.demo;

import static io.drsnstream.demo.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.ClassProbability;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The produce and tail tools against a real (in-JVM KRaft) broker. */
class TopicToolsTest {

    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafkaBroker.builder().start();
        kafka.createTopics(
                Map.of(
                        "tools-chunks",
                        3,
                        "tools-scores",
                        1,
                        "tools-dead-letters",
                        1,
                        "tools-sensor-alerts",
                        1,
                        "tools-truncated-dead-letters",
                        1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void produceSendsContiguousChunksOfEverySimulatedSensor() throws Exception {
        CliRun run =
                run(
                        "produce",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "tools-chunks",
                        "--machines",
                        "2",
                        "--sensors",
                        "2",
                        "--speedup",
                        "20",
                        "--sensor-seconds",
                        "1");
        assertThat(run.exitCode()).isZero();

        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        Map<String, List<SensorChunk>> bySensor = new HashMap<>();
        for (byte[] value : readAll("tools-chunks")) {
            SensorChunk chunk = codec.decode(value);
            bySensor.computeIfAbsent(chunk.getSensorId(), k -> new ArrayList<>()).add(chunk);
        }
        // 1 s of sensor time at 12.8 kHz in 256-sample chunks: 50 chunks per sensor.
        assertThat(bySensor).hasSize(4);
        for (List<SensorChunk> chunks : bySensor.values()) {
            assertThat(chunks).hasSize(50);
            for (int i = 0; i < chunks.size(); i++) {
                assertThat(chunks.get(i).getSeq()).isEqualTo(i);
                assertThat(chunks.get(i).getSamples()).hasSize(256);
                assertThat(chunks.get(i).getSampleRateHz()).isEqualTo(12_800.0);
            }
            long step =
                    Duration.between(chunks.get(0).getStartTime(), chunks.get(1).getStartTime())
                                    .toNanos()
                            / 1000;
            assertThat(step).isEqualTo(20_000L);
        }
    }

    @Test
    void tailPrintsScoresAsJsonLinesAndDeadLettersAsATable() throws Exception {
        ScoredWindow score =
                ScoredWindow.newBuilder()
                        .setMachineId("gearbox-01")
                        .setSensorId("gearbox-01/acc-1")
                        .setWindowStart(Instant.parse("2026-11-28T10:00:00Z"))
                        .setWindowEnd(Instant.parse("2026-11-28T10:00:00.160Z"))
                        .setFirstSeq(0)
                        .setLastSeq(7)
                        .setSampleCount(2048)
                        .setLabel("OUTER_RACE")
                        .setConfidence(0.93f)
                        .setProbabilities(
                                List.of(
                                        new ClassProbability("HEALTHY", 0.07f),
                                        new ClassProbability("OUTER_RACE", 0.93f)))
                        .setAnomalyScore(0.93f)
                        .setAnomaly(true)
                        .setShrinkage(0.4f)
                        .setModelVersion("test-model")
                        .setScoredAt(Instant.parse("2026-11-28T10:00:01Z"))
                        .setNoiseLevel(0.31f)
                        .build();
        DeadLetter letter =
                DeadLetter.newBuilder()
                        .setSourceTopic("sensor-chunks")
                        .setSourcePartition(2)
                        .setSourceOffset(41)
                        .setPayload(ByteBuffer.wrap(new byte[] {1, 2}))
                        .setReason(DeadLetterReason.SAMPLE_RATE_MISMATCH)
                        .setDetail("chunk seq 3 is sampled at 25600.0 Hz")
                        .setSensorId("s-9")
                        .setRoutedAt(Instant.parse("2026-11-28T10:00:02Z"))
                        .build();
        send("tools-scores", SingleObjectCodec.scoredWindows().encode(score));
        send("tools-scores", SingleObjectCodec.scoredWindows().encode(score));
        send("tools-dead-letters", SingleObjectCodec.deadLetters().encode(letter));

        CliRun json =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "tools-scores",
                        "--format",
                        "json",
                        "--from-beginning",
                        "--max-records",
                        "2",
                        "--timeout",
                        "20s");
        assertThat(json.exitCode()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(2);
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertThat(first.get("sensorId").getAsString()).isEqualTo("gearbox-01/acc-1");
        assertThat(first.get("label").getAsString()).isEqualTo("OUTER_RACE");
        assertThat(first.get("anomaly").getAsBoolean()).isTrue();
        assertThat(first.getAsJsonObject("probabilities").get("OUTER_RACE").getAsFloat())
                .isEqualTo(0.93f);
        assertThat(first.get("windowEnd").getAsString()).isEqualTo("2026-11-28T10:00:00.160Z");
        assertThat(first.get("noiseLevel").getAsFloat()).isEqualTo(0.31f);
        assertThat(first.get("shrinkage").getAsFloat()).isEqualTo(0.4f);

        CliRun table =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "tools-dead-letters",
                        "--from-beginning",
                        "--max-records",
                        "1",
                        "--timeout",
                        "20s");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out())
                .contains("reason")
                .contains("SAMPLE_RATE_MISMATCH")
                .contains("sensor-chunks-2@41")
                .contains("25600.0 Hz");
    }

    @Test
    void tailShowsThatADeadLettersPayloadWasTruncatedWithItsOriginalSizeAndDigest()
            throws Exception {
        String sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        DeadLetter letter =
                DeadLetter.newBuilder()
                        .setSourceTopic("sensor-chunks")
                        .setSourcePartition(0)
                        .setSourceOffset(7)
                        .setPayload(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}))
                        .setReason(DeadLetterReason.OVERSIZED)
                        .setDetail("262000 samples, more than chunk.max-samples=65536")
                        .setSensorId("s-huge")
                        .setRoutedAt(Instant.parse("2026-11-28T10:00:03Z"))
                        .setPayloadTruncated(true)
                        .setOriginalPayloadBytes(1_048_477L)
                        .setPayloadSha256(sha256)
                        .build();
        send("tools-truncated-dead-letters", SingleObjectCodec.deadLetters().encode(letter));

        CliRun table = tailOne("tools-truncated-dead-letters", "table");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out())
                .contains("payload")
                .contains("4 of 1048477 B, truncated")
                .contains("sha256 " + sha256)
                .contains("OVERSIZED");

        CliRun json = tailOne("tools-truncated-dead-letters", "json");
        assertThat(json.exitCode()).isZero();
        JsonObject line = JsonParser.parseString(json.out().strip()).getAsJsonObject();
        assertThat(line.get("payloadTruncated").getAsBoolean()).isTrue();
        assertThat(line.get("originalPayloadBytes").getAsLong()).isEqualTo(1_048_477L);
        assertThat(line.get("payloadSha256").getAsString()).isEqualTo(sha256);
        assertThat(line.get("payload").getAsString()).isEqualTo("AQIDBA==");
    }

    private static CliRun tailOne(String topic, String format) {
        return run(
                "tail",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--format",
                format,
                "--from-beginning",
                "--max-records",
                "1",
                "--timeout",
                "20s");
    }

    private static SensorAlert alert(
            AlertKind kind, String label, float share, float mean, float peak, String lastEnd) {
        return SensorAlert.newBuilder()
                .setAlertId("4f6c1a2b-93d0-3e55-8a71-0c2d9e8f7b16")
                .setMachineId("gearbox-02")
                .setSensorId("gearbox-02/acc-1")
                .setKind(kind)
                .setLabel(label)
                .setLabelShare(share)
                .setMeanAnomalyScore(mean)
                .setPeakAnomalyScore(peak)
                .setFirstWindowStart(Instant.parse("2026-11-28T10:00:10Z"))
                .setLastWindowEnd(Instant.parse(lastEnd))
                .setWindowsCounted(10)
                .setAnomalyThreshold(0.5f)
                .setModelVersion("test-model")
                .setEventTime(Instant.parse(lastEnd))
                .setProcessedAt(Instant.parse("2026-11-28T10:05:00Z"))
                .build();
    }

    @Test
    void tailOfTheAlertsTopicPrintsOneLinePerAlertEvent() throws Exception {
        SingleObjectCodec<SensorAlert> codec = SingleObjectCodec.sensorAlerts();
        send(
                "tools-sensor-alerts",
                codec.encode(
                        alert(
                                AlertKind.RAISED,
                                "OUTER_RACE",
                                0.875f,
                                0.81f,
                                0.96f,
                                "2026-11-28T10:00:11.600Z")));
        send(
                "tools-sensor-alerts",
                codec.encode(
                        alert(
                                AlertKind.UPDATED,
                                "OUTER_RACE",
                                1.0f,
                                0.93f,
                                0.99f,
                                "2026-11-28T10:00:30Z")));
        send(
                "tools-sensor-alerts",
                codec.encode(
                        alert(
                                AlertKind.CLEARED,
                                "OUTER_RACE",
                                0f,
                                0.12f,
                                0.99f,
                                "2026-11-28T10:01:00Z")));

        // No --type: the topic's name says alerts.
        CliRun table =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "tools-sensor-alerts",
                        "--from-beginning",
                        "--max-records",
                        "3",
                        "--timeout",
                        "20s");
        assertThat(table.exitCode()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .contains("event time")
                .contains("kind")
                .contains("alert")
                .contains("label")
                .contains("share")
                .contains("mean")
                .contains("peak");
        assertThat(lines.get(1))
                .startsWith("2026-11-28T10:00:11.600Z")
                .contains(" RAISED ")
                .contains(" 4f6c1a2b ")
                .doesNotContain("4f6c1a2b-")
                .contains(" gearbox-02/acc-1 ")
                .contains(" OUTER_RACE ")
                .containsPattern(" 0\\.88 +0\\.81 +0\\.96 ")
                .endsWith("2026-11-28T10:00:10Z .. 2026-11-28T10:00:11.600Z, 10");
        assertThat(lines.get(2))
                .contains(" UPDATED ")
                .contains(" 4f6c1a2b ")
                .containsPattern(" 1\\.00 +0\\.93 +0\\.99 ");
        assertThat(lines.get(3))
                .contains(" CLEARED ")
                .contains(" 4f6c1a2b ")
                .containsPattern(" 0\\.00 +0\\.12 +0\\.99 ")
                .endsWith("2026-11-28T10:00:10Z .. 2026-11-28T10:01:00Z, 10");

        CliRun json =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        "tools-sensor-alerts",
                        "--format",
                        "json",
                        "--from-beginning",
                        "--max-records",
                        "1",
                        "--timeout",
                        "20s");
        assertThat(json.exitCode()).isZero();
        JsonObject raised = JsonParser.parseString(json.out().strip()).getAsJsonObject();
        assertThat(raised.get("alertId").getAsString())
                .isEqualTo("4f6c1a2b-93d0-3e55-8a71-0c2d9e8f7b16");
        assertThat(raised.get("kind").getAsString()).isEqualTo("RAISED");
        assertThat(raised.get("sensorId").getAsString()).isEqualTo("gearbox-02/acc-1");
        assertThat(raised.get("labelShare").getAsFloat()).isEqualTo(0.875f);
        assertThat(raised.get("peakAnomalyScore").getAsFloat()).isEqualTo(0.96f);
        assertThat(raised.get("firstWindowStart").getAsString()).isEqualTo("2026-11-28T10:00:10Z");
        assertThat(raised.get("windowsCounted").getAsLong()).isEqualTo(10);
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun missing = run("tail", "--topic", "x");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err().strip())
                .startsWith("tail: Missing required option: '--bootstrap-servers")
                .doesNotContain("\n");

        CliRun badFormat = run("tail", "--bootstrap-servers", "127.0.0.1:1", "--format", "xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err().strip()).contains("--format").doesNotContain("Exception");

        CliRun badDuration = run("local", "--duration", "soon");
        assertThat(badDuration.exitCode()).isEqualTo(2);
        assertThat(badDuration.err().strip()).contains("'soon' is not a duration");
    }

    private static void send(String topic, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, value)).get();
        }
    }

    private static List<byte[]> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        List<byte[]> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // In this thread: a KafkaConsumer must not be used from two threads. No pause between
            // evaluations: each poll already waits up to 200 ms for records.
            await("all of " + topic + " read")
                    .atMost(Duration.ofSeconds(20))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ZERO)
                    .untilAsserted(
                            () -> {
                                if (partitions.stream()
                                        .anyMatch(p -> consumer.position(p) < end.get(p))) {
                                    consumer.poll(Duration.ofMillis(200))
                                            .forEach(r -> values.add(r.value()));
                                }
                                assertThat(partitions)
                                        .as("positions up to the end offsets %s", end)
                                        .allSatisfy(
                                                p ->
                                                        assertThat(consumer.position(p))
                                                                .as("position on %s", p)
                                                                .isGreaterThanOrEqualTo(
                                                                        end.get(p)));
                            });
        }
        return values;
    }
}
