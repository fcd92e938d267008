package io.drsnstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka client settings from a properties file, merged under the kafka.* arguments. */
class KafkaClientConfigFileTest {

    @TempDir Path dir;

    private Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", "broker:9093");
        settings.put("model.dir", dir.toString());
        return settings;
    }

    private Path file(String... lines) throws Exception {
        Path file = dir.resolve("kafka-client.properties");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void theFileSettingsReachEveryKafkaClientAndArgumentsWin() throws Exception {
        Path file =
                file(
                        "# as for kafka-console-consumer --consumer.config",
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"job\" password=\"from-the-file\";",
                        "ssl.truststore.location=/etc/kafka/truststore.p12");
        ScoringJobConfig config =
                ScoringJobConfig.fromArgs(
                        new String[] {
                            "--bootstrap.servers",
                            "broker:9093",
                            "--model.dir",
                            dir.toString(),
                            "--kafka.config-file",
                            file.toString(),
                            "--kafka.sasl.mechanism",
                            "SCRAM-SHA-512"
                        });

        assertThat(config.kafkaConfigFile).isEqualTo(file.toString());
        assertThat(config.kafkaClientProperties())
                .containsEntry("bootstrap.servers", "broker:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .as("the argument wins over the file")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"job\" password=\"from-the-file\";")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .as("the file's own setting is not a Kafka property")
                .doesNotContainKeys("config-file", "kafka.config-file")
                .hasSize(5);
    }

    @Test
    void withoutTheFileOnlyTheArgumentsCount() {
        Map<String, String> settings = minimal();
        settings.put("kafka.security.protocol", "SSL");
        assertThat(ScoringJobConfig.fromMap(settings).kafkaClientProperties())
                .containsOnlyKeys("bootstrap.servers", "security.protocol");
        assertThat(ScoringJobConfig.fromMap(settings).kafkaConfigFile).isNull();
    }

    @Test
    void aMissingOrUnreadableFileIsOneMessageNamingIt() throws Exception {
        Map<String, String> missing = minimal();
        Path absent = dir.resolve("absent.properties");
        missing.put("kafka.config-file", absent.toString());
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(missing))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage(
                        "Cannot read the Kafka client config file "
                                + absent.toAbsolutePath()
                                + ": no such file");

        Map<String, String> directory = minimal();
        directory.put("kafka.config-file", dir.toString());
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(directory))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(
                        "Cannot read the Kafka client config file " + dir.toAbsolutePath() + ": ");

        Path malformed = file("sasl.jaas.config=\\u12", "");
        Map<String, String> bad = minimal();
        bad.put("kafka.config-file", malformed.toString());
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(bad))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(
                        "Cannot read the Kafka client config file " + malformed.toAbsolutePath());
    }
}
