package io.drsnstream.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Formats a node's log and metadata directories, as {@code kafka-storage.sh format} does, unless done before. */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {}

    /**
     * Formats the directories of {@code config} with a new cluster id; directories formatted
     * before are kept with their data (a broker restarted on the same directory).
     *
     * @throws LocalKafkaException if formatting fails
     */
    static void formatUnlessFormatted(KafkaConfig config) {
        if (config.logDirs().stream().allMatch(KraftStorage::isFormatted)
                && isFormatted(config.metadataLogDir())) {
            LOG.info("Reusing the formatted Kafka storage in {}", config.logDirs());
            return;
        }
        Formatter formatter =
                new Formatter()
                        .setPrintStream(
                                new PrintStream(
                                        OutputStream.nullOutputStream(),
                                        true,
                                        StandardCharsets.UTF_8))
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(config.nodeId())
                        .setControllerListenerName(SingleNodeConfig.CONTROLLER_LISTENER)
                        .setMetadataLogDirectory(config.metadataLogDir())
                        .setDirectories(new ArrayList<>(config.logDirs()))
                        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION);
        try {
            formatter.run();
        } catch (Exception e) {
            throw new LocalKafkaException(
                    "Cannot format Kafka storage in " + config.logDirs() + ": " + e.getMessage(),
                    e);
        }
    }

    private static boolean isFormatted(String dir) {
        return Files.exists(Path.of(dir, "meta.properties"));
    }
}
