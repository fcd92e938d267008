package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.config.SensitiveKeys;
import io.drsnstream.job.e2e.ScoringJobHarness.ChunkProducer;
import io.drsnstream.job.e2e.ScoringJobHarness.Topics;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.LoopbackFlink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.testutils.logging.LoggerAuditingExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;

/**
 * The job against a broker whose clients must authenticate (SASL/PLAIN), with its credentials in
 * a {@code --kafka.config-file} as an operator would keep them: both sources and all three sinks
 * log in, exactly-once holds; with a wrong password the job fails with the authentication error.
 * What the job, Flink and the Kafka clients log meanwhile is captured at INFO: the password never
 * shows.
 */
class ScoringJobSaslTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 4);

    private static final String JOB_PASSWORD = "job-password-d7f3";
    private static final String WRONG_PASSWORD = "not-the-password-91c2";
    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    // Every log line of these while a test runs, at INFO, kept from the console. Only loggers
    // that log4j2-test.properties does not configure: the extension would not replace those.
    @RegisterExtension
    final LoggerAuditingExtension jobLog =
            new LoggerAuditingExtension("io.drsnstream.job", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension kafkaClientLog =
            new LoggerAuditingExtension("org.apache.kafka.clients", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension kafkaCommonLog =
            new LoggerAuditingExtension("org.apache.kafka.common", Level.INFO);

    @RegisterExtension
    final LoggerAuditingExtension flinkLog =
            new LoggerAuditingExtension("org.apache.flink", Level.INFO);

    private static LocalKafkaBroker kafka;

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() {
        kafka =
                LocalKafkaBroker.builder()
                        .saslPlainUser("drsn-admin", "admin-password-0b5e")
                        .saslPlainUser("drsn-job", JOB_PASSWORD)
                        .start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The file an operator mounts for the job: the credentials of the drsn-job user. */
    private Path clientConfigFile(String password) throws Exception {
        Path file = dir.resolve("kafka-client.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"drsn-job\" password=\""
                                + password
                                + "\";",
                        ""),
                StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void withCredentialsFromTheConfigFileTheJobScoresEveryWindowOnceThroughSasl() throws Exception {
        // Created through the broker's own admin client, which authenticates as drsn-admin.
        Topics topics = Topics.create(kafka, "sasl-ok", 2);
        ScoringJobConfig config =
                ScoringJobHarness.config(
                        kafka,
                        topics,
                        Map.of(
                                ScoringJobOptions.KAFKA_CONFIG_FILE.key(),
                                clientConfigFile(JOB_PASSWORD).toString()));
        assertThat(config.deliveryGuarantee).isEqualTo(DeliveryGuarantee.EXACTLY_ONCE);
        int windowsPerSensor = 12;
        List<List<SensorChunk>> sensors =
                List.of(
                        TestChunks.sensor(
                                "m-ok",
                                "sasl-healthy",
                                HealthState.HEALTHY,
                                windowsPerSensor * WINDOW_CHUNKS,
                                301),
                        TestChunks.sensor(
                                "m-fault",
                                "sasl-faulty",
                                HealthState.OUTER_RACE,
                                windowsPerSensor * WINDOW_CHUNKS,
                                302));

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        List<ScoredWindow> scores;
        List<SensorAlert> alerts;
        List<DeadLetter> deadLetters;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader scoreReader =
                        new TopicReader(kafka.clientProperties(), topics.scores());
                TopicReader alertReader =
                        new TopicReader(kafka.clientProperties(), topics.alerts());
                TopicReader deadLetterReader =
                        new TopicReader(kafka.clientProperties(), topics.deadLetters())) {
            producer.sendAll(TestChunks.interleaved(sensors));
            producer.sendRaw(
                    "sasl-not-avro",
                    "{\"sensorId\": \"json-sensor\"}".getBytes(StandardCharsets.UTF_8));
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
            producer.sendToPartition(1, TestChunks.watermarkFlush(1));
            int expected = 2 * windowsPerSensor;
            scoreReader.readUntil(r -> r.size() >= expected, PATIENCE);
            scores = decode(scoreReader.readFor(Duration.ofSeconds(2)), SCORES);
            // The faulty sensor's alert is raised (what follows is the alert tests' business).
            alerts = decode(alertReader.readUntil(r -> !r.isEmpty(), PATIENCE), ALERTS);
            deadLetters =
                    decode(deadLetterReader.readUntil(r -> !r.isEmpty(), PATIENCE), DEAD_LETTERS);
        } finally {
            ScoringJobHarness.stop(job);
        }

        // Chunk source and scores sink: every window exactly once.
        List<String> expectedIds = new ArrayList<>();
        for (String sensor : List.of("sasl-faulty", "sasl-healthy")) {
            for (int k = 0; k < windowsPerSensor; k++) {
                expectedIds.add(sensor + "#" + (k * WINDOW_CHUNKS));
            }
        }
        assertThat(
                        scores.stream()
                                .filter(w -> !TestChunks.isFlush(w.getSensorId()))
                                .map(w -> w.getSensorId() + "#" + w.getFirstSeq())
                                .sorted())
                .as("every window exactly once")
                .containsExactlyElementsOf(expectedIds.stream().sorted().toList());
        // Alert-config source (the job would not run without it) and alerts sink.
        assertThat(alerts)
                .extracting(SensorAlert::getSensorId)
                .filteredOn(sensor -> !TestChunks.isFlush(sensor))
                .containsOnly("sasl-faulty");
        assertThat(alerts.get(0).getKind()).isEqualTo(AlertKind.RAISED);
        // Dead-letter sink.
        assertThat(deadLetters)
                .extracting(DeadLetter::getReason)
                .containsExactly(DeadLetterReason.MALFORMED);

        // The job logged its Kafka client settings, with the password hidden.
        assertThat(jobLog.getMessages())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains("Kafka client properties")
                                        .contains("security.protocol=SASL_PLAINTEXT")
                                        .contains("sasl.jaas.config=" + SensitiveKeys.HIDDEN));
        // Kafka's own client config dumps (AbstractConfig) hide PASSWORD-typed values.
        assertThat(kafkaCommonLog.getMessages())
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains("ConsumerConfig values")
                                        .contains("sasl.jaas.config = [hidden]"))
                .anySatisfy(
                        line ->
                                assertThat(line)
                                        .contains("ProducerConfig values")
                                        .contains("sasl.jaas.config = [hidden]"));
        assertNoLogLineShows(JOB_PASSWORD);
    }

    @Test
    void withAWrongPasswordTheJobFailsWithTheAuthenticationErrorAndReadsNothing() throws Exception {
        Topics topics = Topics.create(kafka, "sasl-wrong", 1);
        ScoringJobConfig config =
                ScoringJobHarness.config(
                        kafka,
                        topics,
                        Map.of(
                                ScoringJobOptions.KAFKA_CONFIG_FILE.key(),
                                clientConfigFile(WRONG_PASSWORD).toString(),
                                ScoringJobOptions.PARALLELISM.key(),
                                "1"));
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks())) {
            producer.sendAll(
                    TestChunks.sensor(
                            "m", "sasl-refused", HealthState.HEALTHY, 4 * WINDOW_CHUNKS, 303));
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
        }

        // The harness's restart strategy: 3 attempts, then the job fails.
        JobClient job = ScoringJobHarness.submit(config, UnaryOperator.identity());
        try {
            await("the job failed")
                    .atMost(PATIENCE)
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(
                            () -> assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FAILED));
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
        Throwable failure =
                catchThrowable(() -> job.getJobExecutionResult().get(30, TimeUnit.SECONDS));
        assertThat(failure).as("the job's failure").isNotNull();
        String trace = ExceptionUtils.stringifyException(failure);
        assertThat(trace)
                .contains("SaslAuthenticationException")
                .contains("Authentication failed")
                .doesNotContain(WRONG_PASSWORD);

        try (TopicReader scores = new TopicReader(kafka.clientProperties(), topics.scores())) {
            assertThat(scores.readFor(Duration.ofSeconds(2))).as("scores").isEmpty();
        }
        assertNoLogLineShows(WRONG_PASSWORD);
    }

    /** Neither a message nor a logged exception of any captured line contains {@code secret}. */
    private void assertNoLogLineShows(String secret) {
        List<LogEvent> events =
                Stream.of(jobLog, kafkaClientLog, kafkaCommonLog, flinkLog)
                        .flatMap(log -> log.getEvents().stream())
                        .toList();
        assertThat(events).as("captured log lines").isNotEmpty();
        for (LogEvent event : events) {
            String text =
                    event.getMessage().getFormattedMessage()
                            + (event.getThrown() == null
                                    ? ""
                                    : ExceptionUtils.stringifyException(event.getThrown()));
            assertThat(text).as("log line of %s", event.getLoggerName()).doesNotContain(secret);
        }
    }

    private static final SingleObjectCodec<ScoredWindow> SCORES = SingleObjectCodec.scoredWindows();
    private static final SingleObjectCodec<SensorAlert> ALERTS = SingleObjectCodec.sensorAlerts();
    private static final SingleObjectCodec<DeadLetter> DEAD_LETTERS =
            SingleObjectCodec.deadLetters();

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, SingleObjectCodec<T> codec) {
        List<T> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                decoded.add(codec.decode(record.value()));
            } catch (Exception e) {
                throw new AssertionError("undecodable record: " + e.getMessage(), e);
            }
        }
        return decoded;
    }
}
