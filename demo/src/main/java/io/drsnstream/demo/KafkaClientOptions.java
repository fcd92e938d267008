package io.drsnstream.demo;

import io.drsnstream.job.config.KafkaClientConfigFile;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * How a topic tool reaches Kafka: the bootstrap servers, and the Kafka client settings of a
 * properties file (the job's {@code --kafka.config-file}: security protocol, SASL or SSL
 * credentials), so that secrets stay off the command line. Shared by the tools as a picocli
 * mixin.
 */
public final class KafkaClientOptions {

    @Option(
            names = "--bootstrap-servers",
            required = true,
            description = "Kafka bootstrap servers, e.g. 127.0.0.1:29092.")
    String bootstrapServers;

    @Option(
            names = {"--kafka-config-file", "--kafka.config-file"},
            paramLabel = "FILE",
            description =
                    "Java properties file of Kafka client settings (security.protocol, sasl.mechanism,"
                            + " sasl.jaas.config, ssl.*), the same file as the job's --kafka.config-file;"
                            + " --bootstrap-servers wins over a bootstrap.servers in it.")
    Path configFile;

    /** The client properties: the file's settings (if any), then the bootstrap servers. */
    Properties clientProperties() {
        Properties properties = new Properties();
        if (configFile != null) {
            properties.putAll(KafkaClientConfigFile.read(configFile));
        }
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }
}
