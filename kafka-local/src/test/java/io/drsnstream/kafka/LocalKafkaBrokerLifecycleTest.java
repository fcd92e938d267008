package io.drsnstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaBrokerLifecycleTest {

    @Test
    void twoBrokersRunSideBySideOnDifferentPorts() throws Exception {
        // Started concurrently on purpose: tests of other modules may do the same.
        CompletableFuture<LocalKafkaBroker> f1 =
                CompletableFuture.supplyAsync(() -> LocalKafkaBroker.builder().start());
        CompletableFuture<LocalKafkaBroker> f2 =
                CompletableFuture.supplyAsync(() -> LocalKafkaBroker.builder().start());
        LocalKafkaBroker one = f1.get(90, TimeUnit.SECONDS);
        try (one;
                LocalKafkaBroker two = f2.get(90, TimeUnit.SECONDS)) {
            Set<Integer> ports =
                    Set.of(
                            one.brokerPort(),
                            one.controllerPort(),
                            two.brokerPort(),
                            two.controllerPort());
            assertThat(ports).as("four distinct ports").hasSize(4);
            assertThat(one.dataDir()).isNotEqualTo(two.dataDir());

            one.createTopic("only-on-one", 1);
            two.createTopic("only-on-two", 1);
            produce(one, "only-on-one", "from-one");
            produce(two, "only-on-two", "from-two");
            assertThat(values(one, "only-on-one", 3))
                    .containsExactly("from-one-0", "from-one-1", "from-one-2");
            assertThat(values(two, "only-on-two", 3))
                    .containsExactly("from-two-0", "from-two-1", "from-two-2");

            one.close();
            assertThat(LoopbackPorts.isFree(one.brokerPort())).isTrue();
            // The other broker is unaffected by the first one's shutdown.
            produce(two, "only-on-two", "again");
            assertThat(values(two, "only-on-two", 6)).hasSize(6);
        }
    }

    @Test
    void takenPortGivesAClearErrorAndLeavesNothingRunning() throws Exception {
        Set<String> threadsBefore = kafkaThreads();
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(LoopbackPorts.HOST), 0));
            int port = taken.getLocalPort();

            // Up-front check.
            assertThatThrownBy(() -> LocalKafkaBroker.builder().brokerPort(port).start())
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessageContaining("broker port " + port)
                    .hasMessageContaining("already in use");

            // Kafka's own bind failure, after the controller is already up: it must be torn down
            // again.
            int controllerPort = LoopbackPorts.findFree();
            LocalKafkaBroker broker =
                    LocalKafkaBroker.builder()
                            .brokerPort(port)
                            .controllerPort(controllerPort)
                            .checkFixedPorts(false)
                            .build();
            long t0 = System.nanoTime();
            assertThatThrownBy(broker::start)
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessageContaining("port is already in use")
                    .hasMessageContaining(String.valueOf(port));
            System.out.printf("failed start took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(broker.isRunning()).isFalse();
            assertThat(LoopbackPorts.isFree(controllerPort))
                    .as("controller port released")
                    .isTrue();
            assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class);
            broker.close(); // harmless
        }
        Set<String> leaked = kafkaThreads();
        for (int i = 0; i < 20 && !(leaked = minus(kafkaThreads(), threadsBefore)).isEmpty(); i++) {
            Thread.sleep(100); // a few threads end just after shutdown returns
        }
        assertThat(leaked).as("threads left after a failed start").isEmpty();
    }

    @Test
    void givenDataDirIsKeptAndReused(@TempDir Path dir) throws Exception {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().dataDir(dir).start()) {
            kafka.createTopic("kept", 1);
            produce(kafka, "kept", "first");
        }
        assertThat(dir.resolve("logs/meta.properties")).isRegularFile();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().dataDir(dir).start()) {
            kafka.createTopic("kept", 1); // exists already: fine
            assertThat(values(kafka, "kept", 3)).containsExactly("first-0", "first-1", "first-2");
        }
        assertThat(Files.isDirectory(dir)).isTrue();
    }

    private static void produce(LocalKafkaBroker kafka, String topic, String prefix)
            throws Exception {
        try (KafkaProducer<String, String> p = KafkaTestClients.producer(kafka, Map.of())) {
            for (int i = 0; i < 3; i++) {
                p.send(new ProducerRecord<>(topic, prefix + "-" + i)).get(20, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> values(LocalKafkaBroker kafka, String topic, int expected) {
        return KafkaTestClients.consume(
                        kafka, topic, expected, "read_committed", Duration.ofSeconds(20))
                .stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.toList());
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        a.removeAll(b);
        return a;
    }

    /** Live threads, less the global Yammer metrics tick threads that Kafka never stops. */
    private static Set<String> kafkaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> !n.startsWith("metrics-meter-tick-thread"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
