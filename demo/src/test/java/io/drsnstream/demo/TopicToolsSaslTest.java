package io.drsnstream.demo;

import static io.drsnstream.demo.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.ClassProbability;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** produce and tail against a broker whose clients must authenticate (SASL/PLAIN). */
class TopicToolsSaslTest {

    private static final String TOOLS_PASSWORD = "tools-password-5a1e";

    private static LocalKafkaBroker kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() {
        kafka =
                LocalKafkaBroker.builder()
                        .saslPlainUser("drsn-admin", "admin-password-77c0")
                        .saslPlainUser("drsn-tools", TOOLS_PASSWORD)
                        .start();
        kafka.createTopics(Map.of("sasl-tools-chunks", 2, "sasl-tools-scores", 1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The same kind of file the job takes with --kafka.config-file. */
    private Path clientConfigFile(String name, String password) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"drsn-tools\" password=\""
                                + password
                                + "\";",
                        ""),
                StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void produceAuthenticatesWithTheConfigFile() throws Exception {
        CliRun run =
                run(
                        "produce",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--kafka-config-file",
                        clientConfigFile("produce.properties", TOOLS_PASSWORD).toString(),
                        "--topic",
                        "sasl-tools-chunks",
                        "--machines",
                        "1",
                        "--sensors",
                        "1",
                        "--speedup",
                        "20",
                        "--sensor-seconds",
                        "0.2");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out() + run.err()).doesNotContain(TOOLS_PASSWORD);

        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        List<SensorChunk> chunks = new ArrayList<>();
        for (byte[] value : readAll("sasl-tools-chunks")) {
            chunks.add(codec.decode(value));
        }
        // 0.2 s of sensor time at 12.8 kHz in 256-sample chunks: 10 chunks.
        assertThat(chunks).hasSize(10);
    }

    @Test
    void tailAuthenticatesWithTheJobsSpellingOfTheOptionAndAWrongPasswordIsOneLine()
            throws Exception {
        ScoredWindow score =
                ScoredWindow.newBuilder()
                        .setMachineId("gearbox-01")
                        .setSensorId("gearbox-01/acc-1")
                        .setWindowStart(Instant.parse("2026-11-28T10:00:00Z"))
                        .setWindowEnd(Instant.parse("2026-11-28T10:00:00.160Z"))
                        .setFirstSeq(0)
                        .setLastSeq(7)
                        .setSampleCount(2048)
                        .setLabel("HEALTHY")
                        .setConfidence(0.97f)
                        .setProbabilities(List.of(new ClassProbability("HEALTHY", 0.97f)))
                        .setAnomalyScore(0.03f)
                        .setAnomaly(false)
                        .setShrinkage(0.2f)
                        .setModelVersion("test-model")
                        .setScoredAt(Instant.parse("2026-11-28T10:00:01Z"))
                        .setNoiseLevel(0.1f)
                        .build();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.send(
                            new ProducerRecord<>(
                                    "sasl-tools-scores",
                                    SingleObjectCodec.scoredWindows().encode(score)))
                    .get();
        }

        CliRun tail =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--kafka.config-file",
                        clientConfigFile("tail.properties", TOOLS_PASSWORD).toString(),
                        "--topic",
                        "sasl-tools-scores",
                        "--format",
                        "json",
                        "--from-beginning",
                        "--max-records",
                        "1",
                        "--timeout",
                        "20s");
        assertThat(tail.exitCode()).as(tail.err()).isZero();
        assertThat(tail.out()).contains("\"sensorId\":\"gearbox-01/acc-1\"");

        CliRun refused =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--kafka-config-file",
                        clientConfigFile("wrong.properties", "not-the-password-3f").toString(),
                        "--topic",
                        "sasl-tools-scores",
                        "--timeout",
                        "5s");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err().strip())
                .startsWith("tail: ")
                .contains("Authentication failed")
                .doesNotContain("not-the-password-3f")
                .doesNotContain("\n");

        Path absent = dir.resolve("absent.properties");
        CliRun missing =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--kafka-config-file",
                        absent.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err().strip())
                .isEqualTo(
                        "tail: Cannot read the Kafka client config file "
                                + absent.toAbsolutePath()
                                + ": no such file");
    }

    private static List<byte[]> readAll(String topic) {
        Properties props = kafka.clientProperties();
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
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
