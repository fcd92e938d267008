package io.drsnstream.demo;

import static io.drsnstream.demo.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.OverrideScope;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/** {@code alert-config set|remove|list} and {@code tail} of the config topic, on a real broker. */
class AlertConfigCommandTest {

    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafkaBroker.builder().start();
        kafka.createTopics(
                Map.of(
                        "round-trip-alert-config",
                        1,
                        "refused-alert-config",
                        1,
                        "tail-sensor-alert-config",
                        1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** {@code alert-config <subcommand> --bootstrap-servers ... --topic <topic> <args>}. */
    private static CliRun alertConfig(String subcommand, String topic, String... args) {
        List<String> all =
                new ArrayList<>(
                        List.of(
                                "alert-config",
                                subcommand,
                                "--bootstrap-servers",
                                kafka.bootstrapServers(),
                                "--topic",
                                topic));
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    @Test
    void setRemoveAndListRoundTripThroughTheTopic() throws Exception {
        String topic = "round-trip-alert-config";
        CliRun sensor =
                alertConfig(
                        "set",
                        topic,
                        "--sensor",
                        "gearbox-02/acc-1",
                        "--raise",
                        "5",
                        "--windows",
                        "6",
                        "--clear",
                        "2",
                        "--threshold",
                        "0.7");
        assertThat(sensor.exitCode()).as(sensor.err()).isZero();
        assertThat(sensor.out().strip())
                .isEqualTo(
                        "set sensor:gearbox-02/acc-1: k=5 n=6 m=2 threshold=0.7 ("
                                + topic
                                + "-0@0)");
        CliRun machine =
                alertConfig(
                        "set",
                        topic,
                        "--machine",
                        "gearbox-02",
                        "--raise",
                        "3",
                        "--windows",
                        "5",
                        "--clear",
                        "3");
        assertThat(machine.exitCode()).as(machine.err()).isZero();
        CliRun other =
                alertConfig(
                        "set",
                        topic,
                        "--sensor",
                        "gearbox-03/acc-0",
                        "--raise",
                        "12",
                        "--windows",
                        "12",
                        "--clear",
                        "1");
        assertThat(other.exitCode()).as(other.err()).isZero();
        // A second set of the same key replaces the first.
        CliRun changed =
                alertConfig(
                        "set",
                        topic,
                        "--sensor",
                        "gearbox-02/acc-1",
                        "--raise",
                        "7",
                        "--windows",
                        "10",
                        "--clear",
                        "4");
        assertThat(changed.exitCode()).as(changed.err()).isZero();
        CliRun removed = alertConfig("remove", topic, "--sensor", "gearbox-03/acc-0");
        assertThat(removed.exitCode()).as(removed.err()).isZero();
        assertThat(removed.out().strip())
                .isEqualTo("removed sensor:gearbox-03/acc-0 (tombstone at " + topic + "-0@4)");

        // On the topic: the contract's records under the contract's keys, the removal a
        // tombstone.
        SingleObjectCodec<AlertPolicyOverride> codec = SingleObjectCodec.alertPolicyOverrides();
        List<ConsumerRecord<byte[], byte[]>> records = readAll(topic);
        assertThat(records)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly(
                        "sensor:gearbox-02/acc-1",
                        "machine:gearbox-02",
                        "sensor:gearbox-03/acc-0",
                        "sensor:gearbox-02/acc-1",
                        "sensor:gearbox-03/acc-0");
        AlertPolicyOverride first = codec.decode(records.get(0).value());
        assertThat(first.getScope()).isEqualTo(OverrideScope.SENSOR);
        assertThat(first.getId()).isEqualTo("gearbox-02/acc-1");
        assertThat(first.getRaiseWindows()).isEqualTo(5);
        assertThat(first.getWindowCount()).isEqualTo(6);
        assertThat(first.getClearWindows()).isEqualTo(2);
        assertThat(first.getAnomalyThreshold()).isEqualTo(0.7f);
        AlertPolicyOverride second = codec.decode(records.get(1).value());
        assertThat(second.getScope()).isEqualTo(OverrideScope.MACHINE);
        assertThat(second.getId()).isEqualTo("gearbox-02");
        assertThat(second.getAnomalyThreshold()).as("the job's threshold").isNull();
        assertThat(records.get(4).value()).as("tombstone").isNull();

        // A record the job refuses changes nothing: list keeps the key's previous override.
        send(
                topic,
                "machine:gearbox-02",
                codec.encode(
                        AlertPolicyOverride.newBuilder()
                                .setScope(OverrideScope.MACHINE)
                                .setId("gearbox-02")
                                .setRaiseWindows(2)
                                .setWindowCount(10)
                                .setClearWindows(2)
                                .build()));

        CliRun list = alertConfig("list", topic);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().toList())
                .containsExactly(
                        String.format("%-40s %s", "key", "override"),
                        String.format(
                                "%-40s %s", "machine:gearbox-02", "k=3 n=5 m=3 threshold=job"),
                        String.format(
                                "%-40s %s",
                                "sensor:gearbox-02/acc-1", "k=7 n=10 m=4 threshold=job"));
        assertThat(list.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("alert-config list: ignored, as the job does: " + topic + "-0@5")
                .contains("INVALID_VALUES")
                .contains("machine:gearbox-02")
                .contains("k + m must exceed n");

        // Removing the rest leaves no override.
        assertThat(alertConfig("remove", topic, "--sensor", "gearbox-02/acc-1").exitCode())
                .isZero();
        assertThat(alertConfig("remove", topic, "--machine", "gearbox-02").exitCode()).isZero();
        CliRun empty = alertConfig("list", topic);
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.out().strip())
                .isEqualTo("(no overrides on " + topic + ": the job's defaults apply)");
    }

    @Test
    void aSetTheJobWouldRefuseWritesNothing() {
        String topic = "refused-alert-config";
        CliRun overlapping =
                alertConfig(
                        "set",
                        topic,
                        "--sensor",
                        "gearbox-02/acc-1",
                        "--raise",
                        "3",
                        "--windows",
                        "10",
                        "--clear",
                        "7");
        assertThat(overlapping.exitCode()).isEqualTo(2);
        assertThat(overlapping.out()).isEmpty();
        assertThat(overlapping.err().lines().toList())
                .singleElement()
                .asString()
                .startsWith("alert-config set: refused, as the job would: k + m must exceed n")
                .contains("k=3, m=7, n=10");

        CliRun tooMany =
                alertConfig(
                        "set",
                        topic,
                        "--machine",
                        "gearbox-02",
                        "--raise",
                        "11",
                        "--windows",
                        "10",
                        "--clear",
                        "8");
        assertThat(tooMany.exitCode()).isEqualTo(2);
        assertThat(tooMany.err().strip()).contains("the raise count k must be in [1, n=10]");

        CliRun threshold =
                alertConfig(
                        "set",
                        topic,
                        "--machine",
                        "gearbox-02",
                        "--raise",
                        "8",
                        "--windows",
                        "10",
                        "--clear",
                        "8",
                        "--threshold",
                        "1.5");
        assertThat(threshold.exitCode()).isEqualTo(2);
        assertThat(threshold.err().strip()).contains("the anomaly threshold must be in (0, 1]");

        assertThat(readAll(topic)).as("records on " + topic).isEmpty();
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun both =
                alertConfig(
                        "set",
                        "refused-alert-config",
                        "--sensor",
                        "a/acc-0",
                        "--machine",
                        "a",
                        "--raise",
                        "8",
                        "--windows",
                        "10",
                        "--clear",
                        "8");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err().strip())
                .startsWith("alert-config set: ")
                .contains("mutually exclusive")
                .doesNotContain("\n");

        CliRun neither = alertConfig("remove", "refused-alert-config");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err().strip())
                .startsWith("alert-config remove: Missing required argument")
                .contains("--sensor")
                .doesNotContain("\n");

        CliRun notANumber =
                alertConfig(
                        "set",
                        "refused-alert-config",
                        "--machine",
                        "a",
                        "--raise",
                        "eight",
                        "--windows",
                        "10",
                        "--clear",
                        "8");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err().strip())
                .startsWith("alert-config set: ")
                .contains("'eight'")
                .doesNotContain("\n");

        CliRun noSubcommand = run("alert-config");
        assertThat(noSubcommand.exitCode()).isEqualTo(2);
        assertThat(noSubcommand.err().strip())
                .startsWith("alert-config: Missing required subcommand")
                .doesNotContain("\n");
    }

    @Test
    void tailOfTheConfigTopicPrintsEachOverrideRemovalAndRefusal() throws Exception {
        String topic = "tail-sensor-alert-config";
        assertThat(
                        alertConfig(
                                        "set",
                                        topic,
                                        "--sensor",
                                        "gearbox-02/acc-1",
                                        "--raise",
                                        "12",
                                        "--windows",
                                        "12",
                                        "--clear",
                                        "1",
                                        "--threshold",
                                        "0.6")
                                .exitCode())
                .isZero();
        assertThat(alertConfig("remove", topic, "--sensor", "gearbox-02/acc-1").exitCode())
                .isZero();
        // Written past the tool: a key that does not match the record's scope and id.
        send(
                topic,
                "sensor:gearbox-09/acc-0",
                SingleObjectCodec.alertPolicyOverrides()
                        .encode(
                                AlertPolicyOverride.newBuilder()
                                        .setScope(OverrideScope.MACHINE)
                                        .setId("gearbox-09")
                                        .setRaiseWindows(8)
                                        .setWindowCount(10)
                                        .setClearWindows(8)
                                        .build()));

        // No --type: the topic's name says alert overrides, not alerts.
        CliRun table =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic,
                        "--from-beginning",
                        "--max-records",
                        "3",
                        "--timeout",
                        "20s");
        assertThat(table.exitCode()).as(table.err()).isZero();
        List<String> lines = table.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("written at").contains("key").contains("override");
        assertThat(lines.get(1))
                .containsPattern("^\\d{4}-\\d\\d-\\d\\dT")
                .contains(" sensor:gearbox-02/acc-1 ")
                .endsWith(" k=12 n=12 m=1 threshold=0.6");
        assertThat(lines.get(2)).contains(" sensor:gearbox-02/acc-1 ").endsWith(" removed");
        assertThat(lines.get(3))
                .contains(" sensor:gearbox-09/acc-0 ")
                .contains("refused by the job (INVALID_VALUES)")
                .contains("does not match");

        CliRun json =
                run(
                        "tail",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        topic,
                        "--format",
                        "json",
                        "--from-beginning",
                        "--max-records",
                        "2",
                        "--timeout",
                        "20s");
        assertThat(json.exitCode()).as(json.err()).isZero();
        List<String> jsonLines = json.out().lines().toList();
        assertThat(jsonLines).hasSize(2);
        JsonObject set = JsonParser.parseString(jsonLines.get(0)).getAsJsonObject();
        assertThat(set.get("key").getAsString()).isEqualTo("sensor:gearbox-02/acc-1");
        assertThat(set.get("raiseWindows").getAsInt()).isEqualTo(12);
        assertThat(set.get("windowCount").getAsInt()).isEqualTo(12);
        assertThat(set.get("clearWindows").getAsInt()).isEqualTo(1);
        assertThat(set.get("anomalyThreshold").getAsFloat()).isEqualTo(0.6f);
        JsonObject removal = JsonParser.parseString(jsonLines.get(1)).getAsJsonObject();
        assertThat(removal.get("key").getAsString()).isEqualTo("sensor:gearbox-02/acc-1");
        assertThat(removal.get("removed").getAsBoolean()).isTrue();
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get();
        }
    }

    /** Every record of a one-partition topic, read to its end offset. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(consumer.position(partition)).as("read to the end").isEqualTo(end);
        }
        return records;
    }
}
