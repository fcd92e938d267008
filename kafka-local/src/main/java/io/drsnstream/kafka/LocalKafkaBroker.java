package io.drsnstream.kafka;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running inside this JVM,
 * built from Kafka's own server classes and bound to {@code 127.0.0.1} only.
 *
 * <pre>{@code
 * try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().build().start()) {
 *     kafka.createTopic("vibration", 3);
 *     String bootstrap = kafka.bootstrapServers();   // "127.0.0.1:<port>"
 *     ...
 * }
 * }</pre>
 *
 * <p>Defaults: a fresh temporary data directory (deleted on {@link #close()}), free loopback
 * ports picked at {@link #start()} (port {@code 0} means "pick one"; if the picked port is taken
 * by someone else between picking and binding, startup is retried with new ports), and the
 * one-node settings of {@link SingleNodeConfig}. Any broker property can be overridden with
 * {@link Builder#brokerProperty(String, String)}.
 *
 * <p>With {@link Builder#saslPlainUser(String, String)} clients must authenticate: the client
 * port is a SASL_PLAINTEXT listener (mechanism PLAIN) and {@link #clientProperties()} says how to
 * reach it; the broker's own traffic keeps a PLAINTEXT listener on a third loopback port. That
 * port needs no credentials, so this proves that clients authenticate, not that the node is
 * closed to anyone on the machine.
 *
 * <p>{@code start} and {@code close} are synchronized; the other methods may be used from any
 * thread once started. Several brokers may run in one JVM (each with its own ports and directory).
 *
 * <p>Caveat: this is Kafka's production server code. Its fatal-fault handlers call
 * {@code Exit.halt}, i.e. they stop this whole JVM, e.g. if the data directory disappears while
 * the broker runs. Do not delete the data directory of a running broker.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private static final String HOST = LoopbackPorts.HOST;
    private static final int MAX_PORT_ATTEMPTS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path configuredDataDir;
    private final int configuredBrokerPort;
    private final int configuredControllerPort;
    private final int defaultPartitions;
    private final Map<String, String> extraProperties;
    private final boolean checkFixedPorts;

    /** Users of the SASL/PLAIN client listener, or null for a PLAINTEXT one. */
    private final SaslPlainUsers sasl;

    private Path dataDir;
    private boolean ownsDataDir;
    private int brokerPort = -1;
    private int controllerPort = -1;

    /** With SASL: the PLAINTEXT port of the broker's own traffic. */
    private int internalPort = -1;

    private KafkaRaftServer server;
    private BrokerAdmin admin;
    private volatile State state = State.NEW;

    private enum State {
        NEW,
        RUNNING,
        CLOSED
    }

    private LocalKafkaBroker(Builder b) {
        this.configuredDataDir = b.dataDir;
        this.configuredBrokerPort = b.brokerPort;
        this.configuredControllerPort = b.controllerPort;
        this.defaultPartitions = b.defaultPartitions;
        this.extraProperties = Map.copyOf(b.extraProperties);
        this.checkFixedPorts = b.checkFixedPorts;
        this.sasl = b.saslUsers.isEmpty() ? null : new SaslPlainUsers(b.saslUsers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the storage (if not formatted yet) and starts the broker; returns once the broker
     * answers an Admin {@code describeCluster}. On failure nothing is left running, the temporary
     * data directory (if any) is deleted, and a {@link LocalKafkaException} explains why.
     *
     * @return this, for chaining
     */
    public synchronized LocalKafkaBroker start() {
        if (state != State.NEW) {
            throw new IllegalStateException(
                    "LocalKafkaBroker can be started only once (state " + state + ")");
        }
        long t0 = System.nanoTime();
        createDataDir();
        boolean autoPorts = configuredBrokerPort == 0 || configuredControllerPort == 0;
        int attempts = autoPorts ? MAX_PORT_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                pickPorts();
                KafkaConfig config =
                        SingleNodeConfig.create(
                                dataDir,
                                brokerPort,
                                controllerPort,
                                defaultPartitions,
                                sasl,
                                internalPort,
                                extraProperties);
                KraftStorage.formatUnlessFormatted(config);
                server = new KafkaRaftServer(config, Time.SYSTEM);
                server.startup();
                admin =
                        new BrokerAdmin(
                                bootstrapServers(),
                                "local-kafka-admin-" + brokerPort,
                                clientSecurity());
                admin.awaitAnswer(t0 + STARTUP_TIMEOUT.toNanos(), STARTUP_TIMEOUT);
                state = State.RUNNING;
                LOG.info(
                        "Local Kafka broker started on {} (controller port {}, data {}{}) in {} ms",
                        bootstrapServers(),
                        controllerPort,
                        dataDir,
                        sasl == null
                                ? ""
                                : ", " + sasl + ", internal PLAINTEXT port " + internalPort,
                        (System.nanoTime() - t0) / 1_000_000);
                return this;
            } catch (Error e) {
                stopServerQuietly();
                giveUp();
                throw e;
            } catch (RuntimeException e) {
                stopServerQuietly();
                if (attempt < attempts && !(e instanceof LocalKafkaException) && isBindFailure(e)) {
                    LOG.warn(
                            "Kafka could not bind port {} / {} (taken meanwhile?); retrying with new ports",
                            brokerPort,
                            controllerPort);
                    if (startAfresh(e)) {
                        continue;
                    }
                }
                giveUp();
                throw describe(e);
            }
        }
    }

    private void createDataDir() {
        try {
            if (configuredDataDir != null) {
                dataDir = configuredDataDir.toAbsolutePath();
                Files.createDirectories(dataDir);
                ownsDataDir = false;
            } else {
                dataDir = Files.createTempDirectory("local-kafka-");
                ownsDataDir = true;
            }
        } catch (IOException e) {
            state = State.CLOSED;
            throw new LocalKafkaException("Cannot create the Kafka data directory: " + e, e);
        }
    }

    /** Before a retry: a failed start may have left a half-written metadata log in our own directory. */
    private boolean startAfresh(RuntimeException failure) {
        if (!ownsDataDir) {
            return true;
        }
        deleteDataDir();
        try {
            Files.createDirectories(dataDir);
            return true;
        } catch (IOException io) {
            failure.addSuppressed(io);
            return false;
        }
    }

    private void giveUp() {
        state = State.CLOSED;
        if (ownsDataDir) {
            deleteDataDir();
        }
    }

    private LocalKafkaException describe(RuntimeException e) {
        if (e instanceof LocalKafkaException lke) {
            return lke;
        }
        String what =
                isBindFailure(e)
                        ? "a port is already in use (broker "
                                + brokerPort
                                + ", controller "
                                + controllerPort
                                + ")"
                        : String.valueOf(e.getMessage());
        return new LocalKafkaException(
                "Local Kafka broker failed to start on "
                        + HOST
                        + " (broker port "
                        + brokerPort
                        + ", controller port "
                        + controllerPort
                        + "): "
                        + what,
                e);
    }

    private void pickPorts() {
        if (configuredBrokerPort != 0 && configuredBrokerPort == configuredControllerPort) {
            throw new LocalKafkaException(
                    "Broker and controller port must differ, both are " + configuredBrokerPort);
        }
        if (checkFixedPorts) {
            requireFree(configuredBrokerPort, "broker");
            requireFree(configuredControllerPort, "controller");
        }
        // The internal listener of a SASL broker always takes a free port.
        int[] free =
                configuredBrokerPort != 0 && configuredControllerPort != 0 && sasl == null
                        ? new int[2]
                        : findFreePorts(sasl == null ? 2 : 3);
        brokerPort = configuredBrokerPort != 0 ? configuredBrokerPort : free[0];
        controllerPort = configuredControllerPort != 0 ? configuredControllerPort : free[1];
        internalPort = -1;
        if (sasl != null) {
            // Three distinct free ports: at least one is neither of the two above.
            internalPort =
                    Arrays.stream(free)
                            .filter(port -> port != brokerPort && port != controllerPort)
                            .findFirst()
                            .orElseThrow();
        }
    }

    private static int[] findFreePorts(int count) {
        try {
            return LoopbackPorts.findFree(count);
        } catch (IllegalStateException e) {
            throw new LocalKafkaException(
                    "Cannot find a free port on " + HOST + ": " + e.getMessage(), e);
        }
    }

    /** A fixed port that is taken gives a clear error up front (instead of a half-started Kafka). */
    private void requireFree(int port, String what) {
        if (port != 0 && !LoopbackPorts.isFree(port)) {
            brokerPort = configuredBrokerPort;
            controllerPort = configuredControllerPort;
            throw new LocalKafkaException(
                    "Cannot start Kafka: "
                            + what
                            + " port "
                            + port
                            + " on "
                            + HOST
                            + " is already in use");
        }
    }

    /**
     * {@code "127.0.0.1:<port>"}: the value for {@code bootstrap.servers}; with SASL users, the
     * SASL listener, which needs the settings of {@link #clientProperties()}.
     */
    public String bootstrapServers() {
        requireStarted();
        return HOST + ":" + brokerPort;
    }

    /**
     * What a Kafka client sets to reach this broker: {@code bootstrap.servers}, and with SASL
     * users the security protocol, mechanism and JAAS login of the first user. A fresh copy.
     */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.putAll(clientSecurity());
        return properties;
    }

    private Map<String, Object> clientSecurity() {
        return sasl == null ? Map.of() : sasl.clientSecurity();
    }

    /** The port clients connect to (known once started; still answers after close). */
    public int brokerPort() {
        requireStarted();
        return brokerPort;
    }

    /** The KRaft controller port (internal; for diagnostics and tests). */
    public int controllerPort() {
        requireStarted();
        return controllerPort;
    }

    /** With SASL users: the PLAINTEXT port of the broker's own traffic; else -1 (for tests). */
    int internalPort() {
        requireStarted();
        return internalPort;
    }

    /** The data directory (log dirs and metadata log live in {@code <dataDir>/logs}). */
    public Path dataDir() {
        requireStarted();
        return dataDir;
    }

    /** Whether the broker has been started and not closed yet. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** Creates the topic with the builder's default partition count; see {@link #createTopics(Map)}. */
    public void createTopic(String name) {
        createTopic(name, defaultPartitions);
    }

    /** Creates the topic (replication factor 1); see {@link #createTopics(Map)}. */
    public void createTopic(String name, int partitions) {
        createTopics(Map.of(name, partitions));
    }

    /**
     * Creates the topics (replication factor 1) and waits until every partition of each has a
     * leader, so that producing right after this call succeeds. A topic that already exists is
     * accepted as is (its partition count is not changed).
     *
     * @throws LocalKafkaException if a topic cannot be created or its leaders do not show up in time
     */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        requireRunning();
        admin.createTopics(partitionsByTopic);
    }

    /**
     * Shuts the broker down, waits for it, and deletes the data directory if it was a temporary
     * one. Idempotent. Afterwards both ports are free again.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasRunning = state == State.RUNNING;
        state = State.CLOSED;
        long t0 = System.nanoTime();
        stopServerQuietly();
        giveUp();
        if (wasRunning) {
            LOG.info(
                    "Local Kafka broker on {} stopped in {} ms",
                    bootstrapServers(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void stopServerQuietly() {
        if (admin != null) {
            Utils.closeQuietly(admin, "local Kafka admin client", LOG);
            admin = null;
        }
        if (server != null) {
            try {
                server.shutdown();
                server.awaitShutdown();
            } catch (RuntimeException e) {
                LOG.warn("Kafka broker shutdown failed", e);
            }
            server = null;
        }
    }

    private void deleteDataDir() {
        try {
            Utils.delete(dataDir.toFile());
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", dataDir, e.toString());
        }
    }

    private void requireStarted() {
        if (brokerPort < 0 || dataDir == null) {
            throw new IllegalStateException("The local Kafka broker has not been started");
        }
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException(
                    "The local Kafka broker is not running (state " + state + ")");
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null
                    && (m.contains("Address already in use") || m.contains("failed to bind"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "LocalKafkaBroker["
                + (brokerPort < 0 ? "not started" : bootstrapServers())
                + ", "
                + state
                + "]";
    }

    /** Options for a {@link LocalKafkaBroker}; every option has a sensible default. */
    public static final class Builder {
        private Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private int defaultPartitions = 1;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private boolean checkFixedPorts = true;
        private final Map<String, String> saslUsers = new LinkedHashMap<>();

        private Builder() {}

        /** Tests only: skip the up-front check of fixed ports, to exercise Kafka's own bind failure. */
        Builder checkFixedPorts(boolean check) {
            this.checkFixedPorts = check;
            return this;
        }

        /**
         * Data directory. Default: a fresh temporary directory, deleted on close. A directory given
         * here is kept on close, and if it was formatted before, its data is reused.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Client port on 127.0.0.1. Default 0: a free port picked at start. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port);
            return this;
        }

        /** KRaft controller port on 127.0.0.1. Default 0: a free port picked at start. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port);
            return this;
        }

        /** {@code num.partitions}: partitions of auto-created topics and of {@link #createTopic(String)}. Default 1. */
        public Builder defaultPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
            }
            this.defaultPartitions = partitions;
            return this;
        }

        /**
         * Adds a user of a SASL_PLAINTEXT client listener with the PLAIN mechanism; with any user,
         * clients must authenticate (see {@link LocalKafkaBroker}). The first user is the one the
         * broker's own admin client and {@link LocalKafkaBroker#clientProperties()} log in as.
         * Names are letters, digits, {@code . _ -}; passwords have no quotes or backslashes.
         */
        public Builder saslPlainUser(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            SaslPlainUsers.check(username, password);
            saslUsers.put(username, password);
            return this;
        }

        /** Any broker property; applied last, so it overrides the defaults of this class. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public LocalKafkaBroker build() {
            return new LocalKafkaBroker(this);
        }

        /** Shorthand for {@code build().start()}. */
        public LocalKafkaBroker start() {
            return build().start();
        }

        private static int checkPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return port;
        }
    }
}
