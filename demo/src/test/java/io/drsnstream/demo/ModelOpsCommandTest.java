package io.drsnstream.demo;

import static io.drsnstream.demo.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.schemas.ModelOutcome;
import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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

/** {@code model deploy|shadow|promote|rollback|status} on a real broker. */
class ModelOpsCommandTest {

    private static LocalKafkaBroker kafka;

    @TempDir Path temp;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafkaBroker.builder().start();
        kafka.createTopics(Map.of("ops-model-control", 1, "ops-model-status", 1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static CliRun model(String subcommand, String topic, String... args) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "model",
                                subcommand,
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic",
                                topic));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void commandsLandOnTheControlTopicWithTheArtifactsVersionAndChecksum() throws Exception {
        String topic = "ops-model-control";
        Path resnet = RepositoryLayout.root().resolve("models/resnet-baseline");
        ModelMetadata metadata = ModelArtifact.verify(resnet);

        CliRun deploy =
                model("deploy", topic, "--location", resnet.toString(), "--command-id", "d-1");
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        assertThat(deploy.out())
                .contains("DEPLOY d-1 " + metadata.version())
                .contains("model status --command-id d-1");
        CliRun shadow =
                model(
                        "shadow",
                        topic,
                        "--location",
                        "s3://bucket/models/resnet",
                        "--artifact",
                        resnet.toString(),
                        "--command-id",
                        "s-1");
        assertThat(shadow.exitCode()).as(shadow.err()).isZero();
        assertThat(model("promote", topic, "--command-id", "p-1").exitCode()).isZero();
        assertThat(model("rollback", topic, "--command-id", "r-1").exitCode()).isZero();

        // Refused before anything is written: a corrupt artifact, a remote one without its facts.
        Path corrupt = Files.createDirectories(temp.resolve("corrupt"));
        Files.copy(
                resnet.resolve(ModelArtifact.METADATA_FILE),
                corrupt.resolve(ModelArtifact.METADATA_FILE));
        byte[] params = Files.readAllBytes(resnet.resolve(ModelArtifact.PARAMETERS_FILE));
        params[100] ^= 1;
        Files.write(corrupt.resolve(ModelArtifact.PARAMETERS_FILE), params);
        CliRun refused = model("deploy", topic, "--location", corrupt.toUri().toString());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("refused, as the job would: CHECKSUM_MISMATCH");
        CliRun remote = model("deploy", topic, "--location", "s3://bucket/models/x");
        assertThat(remote.exitCode()).isNotZero();
        assertThat(remote.err()).contains("give --version and --sha256, or --artifact DIR");

        List<ModelCommand> commands = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(topic, 4)) {
            commands.add(SingleObjectCodec.modelCommands().decode(record.value()));
            assertThat(new String(record.key(), StandardCharsets.UTF_8))
                    .isEqualTo(commands.get(commands.size() - 1).getCommandId());
        }
        assertThat(commands)
                .extracting(
                        ModelCommand::getCommandId,
                        ModelCommand::getKind,
                        ModelCommand::getVersion,
                        ModelCommand::getLocation,
                        ModelCommand::getSha256)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "d-1",
                                ModelCommandKind.DEPLOY,
                                metadata.version(),
                                resnet.toString(),
                                metadata.parametersSha256()),
                        org.assertj.core.groups.Tuple.tuple(
                                "s-1",
                                ModelCommandKind.SHADOW,
                                metadata.version(),
                                "s3://bucket/models/resnet",
                                metadata.parametersSha256()),
                        org.assertj.core.groups.Tuple.tuple(
                                "p-1", ModelCommandKind.PROMOTE, null, null, null),
                        org.assertj.core.groups.Tuple.tuple(
                                "r-1", ModelCommandKind.ROLLBACK, null, null, null));
    }

    @Test
    void statusPrintsEverySubtasksAnswer() throws Exception {
        String topic = "ops-model-status";
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        kafka.clientProperties(),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (ModelStatus status :
                    List.of(
                            status("d-1", 0, ModelOutcome.ACTIVE, "resnet-2.0.0", null),
                            status("d-1", 1, ModelOutcome.ACTIVE, "resnet-2.0.0", null),
                            status(
                                    "d-2",
                                    0,
                                    ModelOutcome.REJECTED,
                                    "x",
                                    "MISSING_DIRECTORY: gone"))) {
                producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        status.getCommandId().getBytes(StandardCharsets.UTF_8),
                                        SingleObjectCodec.modelStatuses().encode(status)))
                        .get();
            }
        }
        CliRun all = model("status", topic);
        assertThat(all.exitCode()).as(all.err()).isZero();
        List<String> lines = all.out().strip().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).contains("d-1").contains("ACTIVE").contains("resnet-2.0.0");
        assertThat(lines.get(3))
                .contains("d-2")
                .contains("REJECTED")
                .endsWith("MISSING_DIRECTORY: gone");
        CliRun one = model("status", topic, "--command-id", "d-2");
        assertThat(one.out().strip().lines()).hasSize(2);
    }

    private static ModelStatus status(
            String id, int subtask, ModelOutcome outcome, String version, String reason) {
        return ModelStatus.newBuilder()
                .setCommandId(id)
                .setSubtask(subtask)
                .setOutcome(outcome)
                .setVersion(version)
                .setReason(reason)
                .setAt(Instant.ofEpochMilli(1_764_000_000_000L))
                .build();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int expected) {
        Properties props = kafka.clientProperties();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // Anything beyond: a refused command written after all.
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        assertThat(records).hasSize(expected);
        return records;
    }
}
