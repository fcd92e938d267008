package io.drsnstream.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;

/**
 * The configuration of a one-node cluster: a combined broker + controller on
 * {@link LoopbackPorts#HOST}, with every internal topic at replication factor 1.
 */
final class SingleNodeConfig {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private SingleNodeConfig() {}

    /**
     * @param overrides applied last, so they win over the defaults here
     * @throws LocalKafkaException if Kafka rejects the configuration
     */
    static KafkaConfig create(
            Path dataDir,
            int brokerPort,
            int controllerPort,
            int defaultPartitions,
            Map<String, String> overrides) {
        String host = LoopbackPorts.HOST;
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + brokerPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + host
                        + ":"
                        + controllerPort);
        p.setProperty("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        p.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        p.setProperty(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("num.partitions", String.valueOf(defaultPartitions));
        p.setProperty("default.replication.factor", "1");
        // One partition for __consumer_offsets and __transaction_state: faster first use.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // 2 MiB instead of 128 MiB of heap for the log cleaner.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.putAll(overrides);
        try {
            return KafkaConfig.fromProps(p, false);
        } catch (RuntimeException e) {
            throw new LocalKafkaException(
                    "Invalid Kafka broker configuration: " + e.getMessage(), e);
        }
    }
}
