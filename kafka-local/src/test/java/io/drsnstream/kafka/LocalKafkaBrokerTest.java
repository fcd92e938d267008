package io.drsnstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** One real broker for the whole class; the last test closes it and checks the ports and data dir. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaBrokerTest {

    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        kafka = LocalKafkaBroker.builder().defaultPartitions(2).start();
        System.out.printf(
                "LocalKafkaBroker started in %d ms on %s%n",
                (System.nanoTime() - t0) / 1_000_000, kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void bindsToLoopbackOnTwoDistinctPorts() {
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.brokerPort());
        assertThat(kafka.brokerPort()).isPositive().isNotEqualTo(kafka.controllerPort());
        assertThat(LoopbackPorts.isFree(kafka.brokerPort())).isFalse();
        assertThat(LoopbackPorts.isFree(kafka.controllerPort())).isFalse();
        assertThatThrownBy(kafka::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Order(2)
    void producesAndConsumesHundredRecordsOnThreePartitions() throws Exception {
        kafka.createTopic("hundred", 3);
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            TopicDescription d =
                    admin.describeTopics(List.of("hundred"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS)
                            .get("hundred");
            assertThat(d.partitions())
                    .hasSize(3)
                    .allSatisfy(p -> assertThat(p.leader()).isNotNull());
        }

        try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka, Map.of())) {
            for (int i = 0; i < 100; i++) {
                RecordMetadata md =
                        producer.send(new ProducerRecord<>("hundred", "k" + i, "v" + i))
                                .get(20, TimeUnit.SECONDS);
                assertThat(md.partition()).isBetween(0, 2);
            }
        }

        List<ConsumerRecord<String, String>> records =
                KafkaTestClients.consume(
                        kafka, "hundred", 100, "read_uncommitted", Duration.ofSeconds(30));
        assertThat(records).hasSize(100);
        assertThat(records.stream().map(ConsumerRecord::value).collect(Collectors.toSet()))
                .hasSize(100)
                .contains("v0", "v99");
        assertThat(records.stream().map(ConsumerRecord::partition).collect(Collectors.toSet()))
                .as("keys spread over all three partitions")
                .containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    @Order(3)
    void createTopicsIsIdempotentAndUsesTheDefaultPartitionCount() throws Exception {
        kafka.createTopics(Map.of("a", 1, "b", 4));
        kafka.createTopics(Map.of("a", 1, "b", 4)); // existing topics are fine
        kafka.createTopic("c");
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            Map<String, TopicDescription> d =
                    admin.describeTopics(List.of("a", "b", "c"))
                            .allTopicNames()
                            .get(10, TimeUnit.SECONDS);
            assertThat(d.get("a").partitions()).hasSize(1);
            assertThat(d.get("b").partitions()).hasSize(4);
            assertThat(d.get("c").partitions()).hasSize(2);
        }
        assertThatThrownBy(() -> kafka.createTopic("bad", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Order(4)
    void readCommittedConsumerSeesOnlyCommittedTransactions() throws Exception {
        kafka.createTopic("tx", 2);
        try (KafkaProducer<String, String> producer =
                KafkaTestClients.producer(
                        kafka,
                        Map.of(
                                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                                "tx-test",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                                60_000))) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("tx", "k" + i, "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("tx", "k" + i, "aborted-" + i));
            }
            producer.flush(); // the aborted records really reach the log
            producer.abortTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("tx", "k" + i, "later-" + i));
            }
            producer.commitTransaction();
        }

        List<String> committed =
                values(
                        KafkaTestClients.consume(
                                kafka, "tx", 15, "read_committed", Duration.ofSeconds(30)));
        assertThat(committed).hasSize(15).noneMatch(v -> v.startsWith("aborted-"));
        assertThat(committed.stream().filter(v -> v.startsWith("committed-"))).hasSize(10);
        assertThat(committed.stream().filter(v -> v.startsWith("later-"))).hasSize(5);

        // Control: the aborted batch was written, and only read_committed hides it.
        List<String> all =
                values(
                        KafkaTestClients.consume(
                                kafka, "tx", 25, "read_uncommitted", Duration.ofSeconds(30)));
        assertThat(all).hasSize(25);
        assertThat(all.stream().filter(v -> v.startsWith("aborted-"))).hasSize(10);
    }

    @Test
    @Order(5)
    void closeFreesThePortsAndDeletesTheTemporaryDataDir() {
        int port = kafka.brokerPort();
        int controllerPort = kafka.controllerPort();
        Path dir = kafka.dataDir();
        assertThat(dir).isDirectory();

        long t0 = System.nanoTime();
        kafka.close();
        System.out.printf(
                "LocalKafkaBroker closed in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        kafka.close(); // idempotent

        assertThat(kafka.isRunning()).isFalse();
        assertThat(LoopbackPorts.isFree(port)).as("broker port %d free", port).isTrue();
        assertThat(LoopbackPorts.isFree(controllerPort))
                .as("controller port %d free", controllerPort)
                .isTrue();
        assertThat(Files.exists(dir)).as("temporary data dir deleted").isFalse();
        assertThatThrownBy(() -> kafka.createTopic("late", 1))
                .isInstanceOf(IllegalStateException.class);

        Set<String> kafkaThreads =
                Thread.getAllStackTraces().keySet().stream()
                        .filter(Thread::isAlive)
                        .map(Thread::getName)
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
        System.out.println("Threads alive after close: " + kafkaThreads);
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }
}
