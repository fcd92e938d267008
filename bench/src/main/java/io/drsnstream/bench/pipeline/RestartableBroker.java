package io.drsnstream.bench.pipeline;

import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.kafka.LoopbackPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.util.FileUtils;

/**
 * A local KRaft broker that can be stopped and started again as the same broker: the same ports
 * (so clients reconnect to the address they know) and the same data directory (so topics,
 * committed offsets and transaction state survive), as a restarted broker process would. The
 * chaos phase's own broker; the data directory is deleted on {@link #close()}.
 */
public final class RestartableBroker implements AutoCloseable {

    private final Path dataDir;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> properties;
    private LocalKafkaBroker broker;

    /** Starts the broker on two free loopback ports and a fresh data directory. */
    public RestartableBroker(Map<String, String> brokerProperties) throws IOException {
        this.dataDir = Files.createTempDirectory("drsn-bench-chaos-kafka-");
        int[] ports = LoopbackPorts.findFree(2);
        this.brokerPort = ports[0];
        this.controllerPort = ports[1];
        this.properties = Map.copyOf(brokerProperties);
        start();
    }

    public String bootstrapServers() {
        return LoopbackPorts.HOST + ":" + brokerPort;
    }

    public boolean isRunning() {
        return broker != null;
    }

    public void createTopics(Map<String, Integer> partitionsByTopic) {
        requireRunning().createTopics(partitionsByTopic);
    }

    /** Shuts the broker down cleanly, keeping its data. */
    public void stop() {
        requireRunning().close();
        broker = null;
    }

    /** Starts it again on the same ports and data. */
    public void start() {
        if (broker != null) {
            throw new IllegalStateException("The broker is running");
        }
        LocalKafkaBroker.Builder builder =
                LocalKafkaBroker.builder()
                        .dataDir(dataDir)
                        .brokerPort(brokerPort)
                        .controllerPort(controllerPort);
        properties.forEach(builder::brokerProperty);
        broker = builder.start();
    }

    private LocalKafkaBroker requireRunning() {
        if (broker == null) {
            throw new IllegalStateException("The broker is stopped");
        }
        return broker;
    }

    @Override
    public void close() {
        try {
            if (broker != null) {
                broker.close();
                broker = null;
            }
        } finally {
            try {
                FileUtils.deleteDirectory(dataDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete the broker's data " + dataDir, e);
            }
        }
    }
}
