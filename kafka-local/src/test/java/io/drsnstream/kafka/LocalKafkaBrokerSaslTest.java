package io.drsnstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

/** A broker whose clients must authenticate with SASL/PLAIN, and the default one unchanged. */
class LocalKafkaBrokerSaslTest {

    private static final String JAAS_PLAIN =
            "org.apache.kafka.common.security.plain.PlainLoginModule required";

    @Test
    void clientsAuthenticateOnTheSaslListenerAndAWrongPasswordIsRefused() throws Exception {
        try (LocalKafkaBroker kafka =
                LocalKafkaBroker.builder()
                        .saslPlainUser("drsn-admin", "admin-secret")
                        .saslPlainUser("drsn-job", "job-secret")
                        .start()) {
            // The broker's own admin client authenticated: topics are created through it.
            kafka.createTopic("secured", 2);
            assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.brokerPort());
            assertThat(kafka.internalPort())
                    .isPositive()
                    .isNotEqualTo(kafka.brokerPort())
                    .isNotEqualTo(kafka.controllerPort());
            Properties client = kafka.clientProperties();
            assertThat(client)
                    .containsEntry("bootstrap.servers", kafka.bootstrapServers())
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry(
                            "sasl.jaas.config",
                            JAAS_PLAIN + " username=\"drsn-admin\" password=\"admin-secret\";");

            // Another user, logged in as any client would be.
            Map<String, Object> job = sasl(kafka, "drsn-job", "job-secret");
            try (KafkaProducer<String, String> producer = KafkaTestClients.producer(kafka, job)) {
                producer.send(new ProducerRecord<>("secured", "k", "authenticated")).get();
            }
            List<ConsumerRecord<String, String>> read =
                    KafkaTestClients.consume(
                            kafka, "secured", 1, "read_committed", Duration.ofSeconds(30), job);
            assertThat(read).extracting(ConsumerRecord::value).containsExactly("authenticated");

            try (Admin wrong = admin(sasl(kafka, "drsn-job", "not-the-password"))) {
                assertThatThrownBy(() -> wrong.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class)
                        .cause()
                        .isInstanceOf(SaslAuthenticationException.class)
                        .hasMessageContaining("Authentication failed");
            }
            // Without credentials the SASL listener answers nothing a client can use.
            Map<String, Object> plaintext = new HashMap<>();
            plaintext.put("bootstrap.servers", kafka.bootstrapServers());
            plaintext.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
            plaintext.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
            try (Admin anonymous = admin(plaintext)) {
                assertThatThrownBy(
                                () -> anonymous.describeCluster().nodes().get(20, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class);
            }
            int internal = kafka.internalPort();
            kafka.close();
            assertThat(LoopbackPorts.isFree(kafka.brokerPort())).isTrue();
            assertThat(LoopbackPorts.isFree(kafka.controllerPort())).isTrue();
            assertThat(LoopbackPorts.isFree(internal)).isTrue();
        }
    }

    @Test
    void theDefaultBrokerNeedsNoCredentials() {
        try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().build()) {
            kafka.start();
            assertThat(kafka.clientProperties())
                    .containsOnlyKeys("bootstrap.servers")
                    .containsEntry("bootstrap.servers", kafka.bootstrapServers());
            assertThat(kafka.internalPort()).isEqualTo(-1);
        }
    }

    @Test
    void usersThatJaasCannotQuoteAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> LocalKafkaBroker.builder().saslPlainUser("a b", "secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a b'");
        assertThatThrownBy(() -> LocalKafkaBroker.builder().saslPlainUser("job", "se\"cret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'job'")
                .hasMessageNotContaining("se\"cret");
    }

    private static Map<String, Object> sasl(
            LocalKafkaBroker kafka, String username, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", kafka.bootstrapServers());
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "PLAIN");
        config.put(
                "sasl.jaas.config",
                JAAS_PLAIN + " username=\"" + username + "\" password=\"" + password + "\";");
        return config;
    }

    private static Admin admin(Map<String, Object> config) {
        return Admin.create(config);
    }
}
