package io.drsnstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Admin client a {@link LocalKafkaBroker} keeps on itself: waits until the broker answers,
 * and creates topics so that they can be used as soon as the call returns.
 */
final class BrokerAdmin implements AutoCloseable {

    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Admin admin;

    /**
     * @param security what the admin client sets to authenticate (empty for a PLAINTEXT listener)
     */
    BrokerAdmin(String bootstrapServers, String clientId, Map<String, Object> security) {
        this.bootstrapServers = bootstrapServers;
        // Short timeouts and back-offs: the broker is local, and start() polls until it answers.
        Map<String, Object> config =
                new HashMap<>(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50,
                                AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50,
                                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        config.putAll(security);
        this.admin = Admin.create(config);
    }

    /**
     * Polls {@code describeCluster} until the broker answers.
     *
     * @param deadline {@link System#nanoTime()} by which it must have answered
     * @param timeout  the whole allowance, for the message
     * @throws LocalKafkaException if it does not answer by the deadline
     */
    void awaitAnswer(long deadline, Duration timeout) {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            int callTimeout = (int) Math.min(leftMs, 5_000);
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(callTimeout))
                        .nodes()
                        .get(callTimeout + 1_000L, TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException(
                        "Interrupted while waiting for the Kafka broker to start", e);
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                sleep(100);
            }
        }
        throw new LocalKafkaException(
                "Kafka broker on "
                        + bootstrapServers
                        + " did not answer within "
                        + timeout.toMillis()
                        + " ms"
                        + (last != null ? " (last error: " + last + ")" : ""),
                last);
    }

    /** See {@link LocalKafkaBroker#createTopics(Map)}. */
    void createTopics(Map<String, Integer> partitionsByTopic) {
        Objects.requireNonNull(partitionsByTopic, "partitionsByTopic");
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = new ArrayList<>();
        partitionsByTopic.forEach(
                (name, partitions) -> {
                    if (partitions == null || partitions < 1) {
                        throw new IllegalArgumentException(
                                "Topic " + name + ": partitions must be >= 1, got " + partitions);
                    }
                    newTopics.add(new NewTopic(name, partitions, (short) 1));
                });
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new LocalKafkaException(
                            "Cannot create topic " + r.getKey() + ": " + e.getCause(),
                            e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("Interrupted while creating topic " + r.getKey(), e);
            } catch (TimeoutException e) {
                throw new LocalKafkaException("Timed out creating topic " + r.getKey(), e);
            }
        }
        awaitLeaders(partitionsByTopic.keySet());
    }

    private void awaitLeaders(Collection<String> topics) {
        long deadline = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        Object last = null;
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
                List<String> missing = new ArrayList<>();
                for (TopicDescription d : descriptions.values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) {
                            missing.add(d.name() + "-" + p.partition());
                        }
                    }
                }
                if (missing.isEmpty()) {
                    return;
                }
                last = "no leader yet for " + missing;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("Interrupted while waiting for topic leaders", e);
            } catch (ExecutionException | TimeoutException e) {
                last = e; // e.g. UnknownTopicOrPartition right after creation: metadata not
                // propagated yet
            }
            if (System.nanoTime() > deadline) {
                throw new LocalKafkaException(
                        "Partitions of "
                                + topics
                                + " got no leader within "
                                + LEADER_TIMEOUT.toMillis()
                                + " ms ("
                                + last
                                + ")");
            }
            sleep(50);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted", e);
        }
    }
}
