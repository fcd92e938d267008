package io.drsnstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values never show in what the job logs or prints about its settings. */
class SensitiveKeysTest {

    private static final String JAAS_SECRET = "jaas-secret-1";
    private static final String KEY_PASSWORD = "key-password-2";
    private static final String PEM_KEY = "pem-private-key-3";
    private static final String OAUTH_SECRET = "client-secret-4";

    @TempDir Path dir;

    @Test
    void flinksWordsAndKafkasPasswordTypeMakeAKeySensitive() {
        // Flink's rule (GlobalConfiguration.isSensitive).
        assertThat(SensitiveKeys.isSensitive("sasl.jaas.config")).isTrue();
        assertThat(SensitiveKeys.isSensitive("kafka.sasl.jaas.config")).isTrue();
        assertThat(SensitiveKeys.isSensitive("ssl.truststore.password")).isTrue();
        assertThat(SensitiveKeys.isSensitive("s3.secret-key")).isTrue();
        assertThat(SensitiveKeys.isSensitive("SSL.KEY.PASSWORD")).isTrue();
        // Kafka's rule: PASSWORD-typed client settings Flink's words miss.
        assertThat(SensitiveKeys.isSensitive("ssl.keystore.key")).isTrue();
        assertThat(SensitiveKeys.isSensitive("kafka.ssl.keystore.key")).isTrue();
        // Not secrets.
        assertThat(SensitiveKeys.isSensitive("security.protocol")).isFalse();
        assertThat(SensitiveKeys.isSensitive("sasl.mechanism")).isFalse();
        assertThat(SensitiveKeys.isSensitive("ssl.truststore.location")).isFalse();
        assertThat(SensitiveKeys.isSensitive("bootstrap.servers")).isFalse();
        assertThat(SensitiveKeys.isSensitive("kafka.config-file")).isFalse();
    }

    @Test
    void theConfigsPrintedFormAndItsLoggedPropertiesHideEverySecret() throws Exception {
        Path file = dir.resolve("client.properties");
        Files.write(
                file,
                List.of(
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"job\" password=\""
                                + JAAS_SECRET
                                + "\";",
                        "ssl.keystore.key=" + PEM_KEY,
                        "sasl.oauthbearer.client.credentials.client.secret=" + OAUTH_SECRET));
        ScoringJobConfig config =
                ScoringJobConfig.fromArgs(
                        new String[] {
                            "--bootstrap.servers",
                            "broker:9093",
                            "--model.dir",
                            dir.toString(),
                            "--kafka.config-file",
                            file.toString(),
                            "--kafka.ssl.key.password",
                            KEY_PASSWORD
                        });
        assertThat(config.kafkaClientProperties()).containsEntry("ssl.key.password", KEY_PASSWORD);

        Map<String, String> logged = config.redactedKafkaClientProperties();
        assertThat(logged)
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", SensitiveKeys.HIDDEN)
                .containsEntry("ssl.key.password", SensitiveKeys.HIDDEN)
                .containsEntry("ssl.keystore.key", SensitiveKeys.HIDDEN)
                .containsEntry(
                        "sasl.oauthbearer.client.credentials.client.secret", SensitiveKeys.HIDDEN);
        for (String shown : List.of(logged.toString(), config.toString())) {
            assertThat(shown)
                    .contains("security.protocol=SASL_SSL")
                    .contains(SensitiveKeys.HIDDEN)
                    .doesNotContain(JAAS_SECRET, KEY_PASSWORD, PEM_KEY, OAUTH_SECRET);
        }
        assertThat(config.toString()).contains("kafka.config-file=" + file);
    }

    @Test
    void argumentsThatCannotBeParsedAreQuotedWithoutTheirSecrets() {
        // ParameterTool's own message quotes every argument.
        assertThatThrownBy(
                        () ->
                                ScoringJobConfig.fromArgs(
                                        new String[] {
                                            "--kafka.ssl.keystore.password",
                                            KEY_PASSWORD,
                                            "--kafka.sasl.jaas.config",
                                            "PlainLoginModule required password=\""
                                                    + JAAS_SECRET
                                                    + "\";",
                                            ""
                                        }))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Cannot read the job arguments: ")
                .hasMessageContaining("--kafka.ssl.keystore.password, " + SensitiveKeys.HIDDEN)
                .hasMessageNotContaining(KEY_PASSWORD)
                .hasMessageNotContaining(JAAS_SECRET);
    }
}
