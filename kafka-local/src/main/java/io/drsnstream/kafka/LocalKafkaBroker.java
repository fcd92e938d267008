package io.drsnstream.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
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
 * by someone else between picking and binding, startup is retried with new ports), node id 1,
 * replication factor 1 for every internal topic, no initial rebalance delay, 1 partition for
 * {@code __consumer_offsets} and {@code __transaction_state} (faster first use), a small log
 * cleaner dedupe buffer (2 MiB instead of 128 MiB of heap). {@code transaction.max.timeout.ms}
 * stays at Kafka's default (15 min) unless set. Anything can be overridden with
 * {@link Builder#brokerProperty(String, String)}.
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

    static final String HOST = "127.0.0.1";
    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int MAX_PORT_ATTEMPTS = 3;

    private final Path configuredDataDir;
    private final int configuredBrokerPort;
    private final int configuredControllerPort;
    private final int defaultPartitions;
    private final Long transactionMaxTimeoutMs;
    private final Map<String, String> extraProperties;
    private final Map<String, Short> featureLevels;
    private final Duration startupTimeout;
    private final boolean checkFixedPorts;

    private Path dataDir;
    private boolean ownsDataDir;
    private int brokerPort = -1;
    private int controllerPort = -1;
    private KafkaRaftServer server;
    private Admin admin;
    private volatile State state = State.NEW;

    private enum State { NEW, RUNNING, CLOSED }

    private LocalKafkaBroker(Builder b) {
        this.configuredDataDir = b.dataDir;
        this.configuredBrokerPort = b.brokerPort;
        this.configuredControllerPort = b.controllerPort;
        this.defaultPartitions = b.defaultPartitions;
        this.transactionMaxTimeoutMs = b.transactionMaxTimeoutMs;
        this.extraProperties = Map.copyOf(b.extraProperties);
        this.featureLevels = Map.copyOf(b.featureLevels);
        this.startupTimeout = b.startupTimeout;
        this.checkFixedPorts = b.checkFixedPorts;
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
            throw new IllegalStateException("LocalKafkaBroker can be started only once (state " + state + ")");
        }
        long t0 = System.nanoTime();
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

        boolean autoPorts = configuredBrokerPort == 0 || configuredControllerPort == 0;
        int attempts = autoPorts ? MAX_PORT_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            try {
                pickPorts();
                formatStorage();
                startServer();
                awaitBrokerReady(t0);
                state = State.RUNNING;
                LOG.info("Local Kafka broker started on {} (controller port {}, data {}) in {} ms",
                        bootstrapServers(), controllerPort, dataDir, (System.nanoTime() - t0) / 1_000_000);
                return this;
            } catch (Error e) {
                stopServerQuietly();
                state = State.CLOSED;
                if (ownsDataDir) {
                    deleteRecursively(dataDir);
                }
                throw e;
            } catch (RuntimeException e) {
                stopServerQuietly();
                boolean retry = attempt < attempts && !(e instanceof LocalKafkaException) && isBindFailure(e);
                if (retry) {
                    LOG.warn("Kafka could not bind port {} / {} (taken meanwhile?); retrying with new ports",
                            brokerPort, controllerPort);
                    if (ownsDataDir) {
                        // A failed start may have left a half-written metadata log: start from scratch.
                        deleteRecursively(dataDir);
                        try {
                            Files.createDirectories(dataDir);
                        } catch (IOException io) {
                            e.addSuppressed(io);
                            retry = false;
                        }
                    }
                }
                if (!retry) {
                    state = State.CLOSED;
                    if (ownsDataDir) {
                        deleteRecursively(dataDir);
                    }
                    if (e instanceof LocalKafkaException) {
                        throw e;
                    }
                    String what = isBindFailure(e)
                            ? "a port is already in use (broker " + brokerPort + ", controller " + controllerPort + ")"
                            : String.valueOf(e.getMessage());
                    throw new LocalKafkaException("Local Kafka broker failed to start on " + HOST
                            + " (broker port " + brokerPort + ", controller port " + controllerPort + "): " + what, e);
                }
            }
        }
    }

    private void pickPorts() {
        if (configuredBrokerPort != 0 && configuredBrokerPort == configuredControllerPort) {
            throw new LocalKafkaException("Broker and controller port must differ, both are " + configuredBrokerPort);
        }
        if (checkFixedPorts) {
            requireFree(configuredBrokerPort, "broker");
            requireFree(configuredControllerPort, "controller");
        }
        if (configuredBrokerPort != 0 && configuredControllerPort != 0) {
            brokerPort = configuredBrokerPort;
            controllerPort = configuredControllerPort;
            return;
        }
        // Hold both sockets open while picking so that the two ports differ.
        try (ServerSocket a = bindLoopback(configuredBrokerPort == 0 ? 0 : -1);
             ServerSocket c = bindLoopback(configuredControllerPort == 0 ? 0 : -1)) {
            brokerPort = a != null ? a.getLocalPort() : configuredBrokerPort;
            controllerPort = c != null ? c.getLocalPort() : configuredControllerPort;
        } catch (IOException e) {
            throw new LocalKafkaException("Cannot find a free port on " + HOST + ": " + e, e);
        }
    }

    /** A fixed port that is taken gives a clear error up front (instead of a half-started Kafka). */
    private void requireFree(int port, String what) {
        if (port == 0) {
            return;
        }
        try {
            bindLoopback(port).close();
        } catch (IOException e) {
            brokerPort = configuredBrokerPort;
            controllerPort = configuredControllerPort;
            throw new LocalKafkaException("Cannot start Kafka: " + what + " port " + port + " on " + HOST
                    + " is already in use (" + e.getMessage() + ")", e);
        }
    }

    private static ServerSocket bindLoopback(int port) throws IOException {
        if (port < 0) {
            return null;
        }
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
        return s;
    }

    Properties brokerProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort
                + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
        p.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        p.setProperty("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("log.dirs", dataDir.resolve("logs").toString());
        p.setProperty("num.partitions", String.valueOf(defaultPartitions));
        p.setProperty("default.replication.factor", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        if (transactionMaxTimeoutMs != null) {
            p.setProperty("transaction.max.timeout.ms", String.valueOf(transactionMaxTimeoutMs));
        }
        p.putAll(extraProperties);
        return p;
    }

    private KafkaConfig kafkaConfig() {
        try {
            return KafkaConfig.fromProps(brokerProperties(), false);
        } catch (RuntimeException e) {
            throw new LocalKafkaException("Invalid Kafka broker configuration: " + e.getMessage(), e);
        }
    }

    private void formatStorage() {
        KafkaConfig config = kafkaConfig();
        if (config.logDirs().stream().allMatch(d -> Files.exists(Path.of(d, "meta.properties")))
                && Files.exists(Path.of(config.metadataLogDir(), "meta.properties"))) {
            LOG.info("Reusing the formatted Kafka storage in {}", dataDir);
            return;
        }
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(config.nodeId())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(config.metadataLogDir())
                .setDirectories(new ArrayList<>(config.logDirs()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        featureLevels.forEach(formatter::setFeatureLevel);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new LocalKafkaException("Cannot format Kafka storage in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private void startServer() {
        server = new KafkaRaftServer(kafkaConfig(), Time.SYSTEM);
        server.startup();
    }

    private void awaitBrokerReady(long t0) {
        long deadline = t0 + startupTimeout.toNanos();
        admin = Admin.create(adminConfig());
        Exception last = null;
        while (System.nanoTime() < deadline) {
            long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            int callTimeout = (int) Math.min(leftMs, 5_000);
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(callTimeout))
                        .nodes().get(callTimeout + 1_000L, TimeUnit.MILLISECONDS);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("Interrupted while waiting for the Kafka broker to start", e);
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                sleep(100);
            }
        }
        throw new LocalKafkaException("Kafka broker on " + bootstrapServers() + " did not answer within "
                + startupTimeout.toMillis() + " ms" + (last != null ? " (last error: " + last + ")" : ""), last);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        c.put(AdminClientConfig.CLIENT_ID_CONFIG, "local-kafka-admin-" + brokerPort);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        c.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        c.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        c.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return c;
    }

    /** {@code "127.0.0.1:<port>"}: the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        requireStarted();
        return HOST + ":" + brokerPort;
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
        Objects.requireNonNull(partitionsByTopic, "partitionsByTopic");
        if (partitionsByTopic.isEmpty()) {
            return;
        }
        List<NewTopic> newTopics = new ArrayList<>();
        partitionsByTopic.forEach((name, partitions) -> {
            if (partitions == null || partitions < 1) {
                throw new IllegalArgumentException("Topic " + name + ": partitions must be >= 1, got " + partitions);
            }
            newTopics.add(new NewTopic(name, partitions, (short) 1));
        });
        Map<String, KafkaFuture<Void>> results = admin.createTopics(newTopics).values();
        for (Map.Entry<String, KafkaFuture<Void>> r : results.entrySet()) {
            try {
                r.getValue().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new LocalKafkaException("Cannot create topic " + r.getKey() + ": " + e.getCause(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("Interrupted while creating topic " + r.getKey(), e);
            } catch (TimeoutException e) {
                throw new LocalKafkaException("Timed out creating topic " + r.getKey(), e);
            }
        }
        awaitLeaders(partitionsByTopic.keySet(), Duration.ofSeconds(30));
    }

    private void awaitLeaders(Collection<String> topics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
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
                last = e; // e.g. UnknownTopicOrPartition right after creation: metadata not propagated yet
            }
            if (System.nanoTime() > deadline) {
                throw new LocalKafkaException("Partitions of " + topics + " got no leader within "
                        + timeout.toMillis() + " ms (" + last + ")");
            }
            sleep(50);
        }
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
        if (ownsDataDir && dataDir != null) {
            deleteRecursively(dataDir);
        }
        if (wasRunning) {
            LOG.info("Local Kafka broker on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void stopServerQuietly() {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(2));
            } catch (RuntimeException e) {
                LOG.debug("Closing admin client failed", e);
            }
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

    private void requireStarted() {
        if (brokerPort < 0 || dataDir == null) {
            throw new IllegalStateException("The local Kafka broker has not been started");
        }
    }

    private void requireRunning() {
        if (state != State.RUNNING) {
            throw new IllegalStateException("The local Kafka broker is not running (state " + state + ")");
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Address already in use") || m.contains("failed to bind"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("Interrupted", e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", dir, e.toString());
        }
    }

    @Override
    public String toString() {
        return "LocalKafkaBroker[" + (brokerPort < 0 ? "not started" : bootstrapServers()) + ", " + state + "]";
    }

    /**
     * Starts a broker and runs it until Ctrl-C.
     *
     * <pre>
     * LocalKafkaBroker [--port N] [--controller-port N] [--data-dir DIR] [--partitions N]
     * </pre>
     *
     * Defaults: port 9092, controller port 9093, a temporary data directory (deleted on exit).
     * Use port 0 to pick free ports.
     */
    public static void main(String[] args) throws InterruptedException {
        Builder b = builder().brokerPort(9092).controllerPort(9093);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> b.brokerPort(Integer.parseInt(value(args, ++i, a)));
                case "--controller-port" -> b.controllerPort(Integer.parseInt(value(args, ++i, a)));
                case "--data-dir" -> b.dataDir(Path.of(value(args, ++i, a)));
                case "--partitions" -> b.defaultPartitions(Integer.parseInt(value(args, ++i, a)));
                case "-h", "--help" -> {
                    System.out.println("Usage: LocalKafkaBroker [--port N (9092)] [--controller-port N (9093)]"
                            + " [--data-dir DIR (temporary)] [--partitions N (1)]");
                    return;
                }
                default -> {
                    System.err.println("Unknown argument: " + a + " (try --help)");
                    System.exit(2);
                }
            }
        }
        LocalKafkaBroker broker;
        try {
            broker = b.build().start();
        } catch (LocalKafkaException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            System.out.println("Kafka stopped.");
            stopped.countDown();
        }, "local-kafka-shutdown"));
        System.out.println("Kafka running; bootstrap.servers=" + broker.bootstrapServers() + "  (Ctrl-C to stop)");
        stopped.await();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            System.err.println("Missing value for " + option);
            System.exit(2);
        }
        return args[i];
    }

    /** Thrown when the local broker cannot be started or a topic cannot be set up. */
    public static final class LocalKafkaException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public LocalKafkaException(String message) {
            super(message);
        }

        public LocalKafkaException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Options for a {@link LocalKafkaBroker}; every option has a sensible default. */
    public static final class Builder {
        private Path dataDir;
        private int brokerPort;
        private int controllerPort;
        private int defaultPartitions = 1;
        private Long transactionMaxTimeoutMs;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private final Map<String, Short> featureLevels = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private boolean checkFixedPorts = true;

        private Builder() {
        }

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

        /** {@code transaction.max.timeout.ms}. Default: Kafka's (900000 = 15 min). */
        public Builder transactionMaxTimeout(Duration timeout) {
            long ms = timeout.toMillis();
            if (ms < 1 || ms > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("transaction.max.timeout.ms out of range: " + ms);
            }
            this.transactionMaxTimeoutMs = ms;
            return this;
        }

        /** Any broker property; applied last, so it overrides the defaults of this class. */
        public Builder brokerProperty(String key, String value) {
            extraProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Several broker properties; see {@link #brokerProperty(String, String)}. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * A feature level fixed when the storage is formatted, e.g. {@code ("transaction.version", 1)}
         * to run transactions without KIP-890 (the default with Kafka 4.2 is level 2).
         */
        public Builder featureLevel(String feature, short level) {
            featureLevels.put(Objects.requireNonNull(feature, "feature"), level);
            return this;
        }

        /** How long {@link #start()} waits for the broker to answer. Default 60 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive");
            }
            this.startupTimeout = timeout;
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
