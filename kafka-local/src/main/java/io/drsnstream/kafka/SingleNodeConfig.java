package io.drsnstream.kafka;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;

/**
 * The configuration of a one-node cluster: a combined broker + controller on
 * {@link LoopbackPorts#HOST}, with every internal topic at replication factor 1.
 *
 * <p>By default clients and the broker itself share one PLAINTEXT listener. With SASL users the
 * clients' port is a SASL_PLAINTEXT listener (mechanism PLAIN) and the broker's own traffic keeps
 * a PLAINTEXT listener on a port of its own, so that nothing inside the node needs credentials.
 */
final class SingleNodeConfig {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SASL_LISTENER = "SASL_PLAINTEXT";

    private SingleNodeConfig() {}

    /**
     * @param brokerPort the clients' port
     * @param sasl the users the clients' listener accepts, or null for a PLAINTEXT one
     * @param internalPort with {@code sasl}: the PLAINTEXT port of the broker's own traffic
     * @param overrides applied last, so they win over the defaults here
     * @throws LocalKafkaException if Kafka rejects the configuration
     */
    static KafkaConfig create(
            Path dataDir,
            int brokerPort,
            int controllerPort,
            int defaultPartitions,
            SaslPlainUsers sasl,
            int internalPort,
            Map<String, String> overrides) {
        String host = LoopbackPorts.HOST;
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        String controller = CONTROLLER_LISTENER + "://" + host + ":" + controllerPort;
        if (sasl == null) {
            String broker = BROKER_LISTENER + "://" + host + ":" + brokerPort;
            p.setProperty("listeners", broker + "," + controller);
            p.setProperty("advertised.listeners", broker);
            p.setProperty(
                    "listener.security.protocol.map",
                    BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        } else {
            String clients = SASL_LISTENER + "://" + host + ":" + brokerPort;
            String internal = BROKER_LISTENER + "://" + host + ":" + internalPort;
            p.setProperty("listeners", clients + "," + internal + "," + controller);
            p.setProperty("advertised.listeners", clients + "," + internal);
            p.setProperty(
                    "listener.security.protocol.map",
                    SASL_LISTENER
                            + ":SASL_PLAINTEXT,"
                            + BROKER_LISTENER
                            + ":PLAINTEXT,"
                            + CONTROLLER_LISTENER
                            + ":PLAINTEXT");
            p.setProperty("sasl.enabled.mechanisms", SaslPlainUsers.MECHANISM);
            p.setProperty(
                    "listener.name."
                            + SASL_LISTENER.toLowerCase(Locale.ROOT)
                            + "."
                            + SaslPlainUsers.MECHANISM.toLowerCase(Locale.ROOT)
                            + ".sasl.jaas.config",
                    sasl.serverJaasConfig());
        }
        p.setProperty("inter.broker.listener.name", BROKER_LISTENER);
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
