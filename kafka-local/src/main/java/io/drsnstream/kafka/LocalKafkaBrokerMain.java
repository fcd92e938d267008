package io.drsnstream.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A {@link LocalKafkaBroker} as its own process, for a cluster of separate processes on one
 * machine (deploy/local-cluster): a fixed port, a kept data directory, the topics created; it
 * runs until the process is stopped (SIGTERM closes the broker cleanly).
 */
@Command(
        name = "local-kafka-broker",
        mixinStandardHelpOptions = true,
        description = "Run a single-node KRaft Kafka broker on 127.0.0.1 until stopped.")
public final class LocalKafkaBrokerMain implements Callable<Integer> {

    @Option(names = "--port", required = true, description = "Client port on 127.0.0.1.")
    int port;

    @Option(
            names = "--controller-port",
            defaultValue = "0",
            description = "KRaft controller port (default: a free one).")
    int controllerPort;

    @Option(
            names = "--data-dir",
            required = true,
            description = "Data directory; kept, and reused when it was formatted before.")
    Path dataDir;

    @Option(
            names = "--topic",
            description =
                    "A topic to create, NAME:PARTITIONS (repeatable); existing ones are kept.")
    List<String> topics = List.of();

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalKafkaBrokerMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Integer> partitionsByTopic = parseTopics(topics);
        LocalKafkaBroker broker =
                LocalKafkaBroker.builder()
                        .brokerPort(port)
                        .controllerPort(controllerPort)
                        .dataDir(dataDir)
                        .build();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "local-kafka-broker-stop"));
        broker.start();
        broker.createTopics(partitionsByTopic);
        // The line the start script waits for.
        System.out.println("Kafka broker ready on " + broker.bootstrapServers());
        new CountDownLatch(1).await(); // until the process is stopped
        return 0;
    }

    static Map<String, Integer> parseTopics(List<String> specs) {
        Map<String, Integer> result = new LinkedHashMap<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(
                        "--topic must be NAME:PARTITIONS, e.g. sensor-chunks:4; got '"
                                + spec
                                + "'");
            }
            int partitions;
            try {
                partitions = Integer.parseInt(spec.substring(colon + 1));
            } catch (NumberFormatException e) {
                partitions = 0;
            }
            if (partitions < 1) {
                throw new IllegalArgumentException(
                        "--topic " + spec + ": partitions must be a number >= 1");
            }
            result.put(spec.substring(0, colon), partitions);
        }
        return result;
    }
}
