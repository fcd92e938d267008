package io.drsnstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringJobConfigTest {

    @TempDir Path modelDir;

    private Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", "127.0.0.1:9092");
        settings.put("model.dir", modelDir.toString());
        return settings;
    }

    @Test
    void defaultsApplyWhenOnlyRequiredSettingsAreGiven() {
        ScoringJobConfig config = ScoringJobConfig.fromMap(minimal());

        assertThat(config.chunksTopic).isEqualTo("sensor-chunks");
        assertThat(config.scoresTopic).isEqualTo("sensor-scores");
        assertThat(config.deadLettersTopic).isEqualTo("sensor-dead-letters");
        assertThat(config.deliveryGuarantee).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(config.batchSize).isEqualTo(64);
        assertThat(config.scoringDevice).isEqualTo(ScoringJobOptions.DeviceSetting.AUTO);
        assertThat(config.hopFor(2048)).isEqualTo(2048);
        assertThat(config.parallelism).isNull();
        assertThat(config.transactionTimeout).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.checkpointInterval).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.outOfOrderness).isEqualTo(Duration.ofMillis(500));
        assertThat(config.allowedLateness).isEqualTo(Duration.ZERO);
        assertThat(config.checkpointTimeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxParallelism).isEqualTo(128);
        assertThat(config.restartStrategy)
                .isEqualTo(ScoringJobOptions.RestartStrategy.EXPONENTIAL_DELAY);
        assertThat(config.restartMaxAttempts).isEqualTo(20);
        assertThat(config.alertPolicy(0.7f).anomalyThreshold()).isEqualTo(0.7f);
        assertThat(config.alertPolicy(0.7f).raiseWindows()).isEqualTo(8);
    }

    @Test
    void commandLineArgumentsAndKafkaPassthroughAreRead() {
        ScoringJobConfig config =
                ScoringJobConfig.fromArgs(
                        new String[] {
                            "--bootstrap.servers",
                            "broker:9093",
                            "--model.dir",
                            modelDir.toString(),
                            "--delivery.guarantee",
                            "at-least-once",
                            "--window.hop",
                            "1024",
                            "--batch.size",
                            "32",
                            "--kafka.security.protocol",
                            "SASL_SSL",
                            "--kafka.sasl.mechanism",
                            "PLAIN",
                            "--scoring.device",
                            "cpu"
                        });

        assertThat(config.deliveryGuarantee).isEqualTo(DeliveryGuarantee.AT_LEAST_ONCE);
        assertThat(config.hopFor(2048)).isEqualTo(1024);
        assertThat(config.batchSize).isEqualTo(32);
        assertThat(config.scoringDevice).isEqualTo(ScoringJobOptions.DeviceSetting.CPU);
        assertThat(config.kafkaClientProperties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "broker:9093");
    }

    @Test
    void missingRequiredSettingNamesIt() {
        Map<String, String> settings = minimal();
        settings.remove("bootstrap.servers");
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith("Missing required setting --bootstrap.servers");
    }

    @Test
    void unknownSettingIsRejectedSoThatTyposDoNotFallBackToDefaults() {
        Map<String, String> settings = minimal();
        settings.put("batch.sise", "8");
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Unknown setting 'batch.sise'")
                .hasMessageContaining("batch.size");
    }

    @Test
    void badValuesAreNamedWithTheirKey() {
        assertInvalid("batch.size", "zero", "Invalid setting batch.size=zero: not a whole number");
        assertInvalid("batch.size", "0", "Invalid setting batch.size=0: must be positive");
        assertInvalid(
                "anomaly.threshold",
                "1.5",
                "Invalid setting anomaly.threshold=1.5: must be in [0, 1]");
        assertInvalid(
                "delivery.guarantee", "twice", "must be one of exactly-once, at-least-once, none");
        assertInvalid("scoring.device", "tpu", "scoring.device must be one of auto, cpu, gpu");
        assertInvalid(
                "starting-offsets", "yesterday", "must be one of earliest, latest, committed");
        assertInvalid(
                "out-of-orderness",
                "-1 ms",
                "Invalid setting out-of-orderness=-1 ms: not a duration");
        assertInvalid(
                "out-of-orderness",
                "soon",
                "Invalid setting out-of-orderness=soon: not a duration");
        assertInvalid("idleness", "0 s", "Invalid setting idleness=0 s: must be positive");
        assertInvalid(
                "batch.timeout.ms",
                "often",
                "Invalid setting batch.timeout.ms=often: not a duration");
        assertInvalid("model.dir", modelDir.resolve("nope").toString(), "no such directory");
        assertInvalid("restart.strategy", "forever", "must be one of exponential-delay, none");
        assertInvalid("checkpoint.tolerable-failures", "-1", "must not be negative");
        assertInvalid("alert.clear-windows", "2", "k + m must exceed n");
        assertInvalid("alert.score-step", "0", "must be in (0, 1]");
    }

    @Test
    void transactionTimeoutAboveTheBrokerDefaultIsRejectedForExactlyOnce() {
        assertInvalid(
                "transaction.timeout", "1 h", "exceeds Kafka's default transaction.max.timeout.ms");
        Map<String, String> settings = minimal();
        settings.put("transaction.timeout", "1 h");
        settings.put("delivery.guarantee", "at-least-once");
        assertThat(ScoringJobConfig.fromMap(settings).transactionTimeout)
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void transactionMustOutliveTheCheckpointInterval() {
        Map<String, String> settings = minimal();
        settings.put("checkpoint.interval", "1 min");
        settings.put("transaction.timeout", "30 s");
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "transaction.timeout=30 s must be longer than checkpoint.interval=1 min");
    }

    @Test
    void idleTimeoutDefaultsToTenMinutesAndMustOutliveTheAllowedLateness() {
        assertThat(ScoringJobConfig.fromMap(minimal()).idleTimeout)
                .isEqualTo(Duration.ofMinutes(10));
        Map<String, String> settings = minimal();
        settings.put("allowed-lateness", "5 min");
        settings.put("state.idle-timeout", "5 min");
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "state.idle-timeout=5 min must be longer than allowed-lateness=5 min");
        assertInvalid(
                "state.idle-timeout",
                "0 s",
                "Invalid setting state.idle-timeout=0 s: must be positive");
    }

    @Test
    void durationsTakeUnitsAndTheDeprecatedMillisecondKeysStillWork() {
        Map<String, String> settings = minimal();
        settings.put("batch.timeout", "20ms");
        settings.put("checkpoint.interval.ms", "1000");
        settings.put("idleness.ms", "2500");
        ScoringJobConfig config = ScoringJobConfig.fromMap(settings);

        assertThat(config.batchTimeout).isEqualTo(Duration.ofMillis(20));
        assertThat(config.checkpointInterval).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.idleness).isEqualTo(Duration.ofMillis(2500));
    }

    @Test
    void malformedArgumentsAreOneClearMessage() {
        assertThatThrownBy(() -> ScoringJobConfig.fromArgs(new String[] {"bootstrap.servers=x"}))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("--key value");
    }

    @Test
    void deadLetterPayloadCapLeavesRoomBelowTheProducersRequestSize() {
        assertThat(ScoringJobConfig.fromMap(minimal()).deadLetterMaxPayloadBytes)
                .as("default: half of Kafka's default max.request.size of 1 MiB")
                .isEqualTo(524_288);
        assertInvalid(
                "dead-letter.max-payload-bytes",
                "0",
                "Invalid setting dead-letter.max-payload-bytes=0: must be positive");
        // Up to 64 KiB below Kafka's default max.request.size (1048576), not beyond.
        Map<String, String> settings = minimal();
        settings.put("dead-letter.max-payload-bytes", "983040");
        assertThat(ScoringJobConfig.fromMap(settings).deadLetterMaxPayloadBytes).isEqualTo(983_040);
        assertInvalid(
                "dead-letter.max-payload-bytes",
                "983041",
                "dead-letter.max-payload-bytes=983041 leaves less than 65536 bytes for the rest of"
                        + " a dead letter below the producer's max.request.size=1048576");
        // A larger max.request.size for the job's clients allows a larger cap.
        settings.put("dead-letter.max-payload-bytes", "4000000");
        settings.put("kafka.max.request.size", "5000000");
        assertThat(ScoringJobConfig.fromMap(settings).deadLetterMaxPayloadBytes)
                .isEqualTo(4_000_000);
        settings.put("kafka.max.request.size", "4000000");
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("max.request.size=4000000: at most 3934464");
        settings.put("kafka.max.request.size", "lots");
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("kafka.max.request.size=lots: not a whole number");
    }

    private void assertInvalid(String key, String value, String message) {
        Map<String, String> settings = minimal();
        settings.put(key, value);
        assertThatThrownBy(() -> ScoringJobConfig.fromMap(settings))
                .as("%s=%s", key, value)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(message);
    }
}
