package io.drsnstream.job.e2e;

import static io.drsnstream.job.config.ScoringJobOptions.BATCH_TIMEOUT;
import static io.drsnstream.job.config.ScoringJobOptions.BOOTSTRAP_SERVERS;
import static io.drsnstream.job.config.ScoringJobOptions.CHECKPOINT_INTERVAL;
import static io.drsnstream.job.config.ScoringJobOptions.GROUP_ID;
import static io.drsnstream.job.config.ScoringJobOptions.IDLENESS;
import static io.drsnstream.job.config.ScoringJobOptions.MODEL_DIR;
import static io.drsnstream.job.config.ScoringJobOptions.OUT_OF_ORDERNESS;
import static io.drsnstream.job.config.ScoringJobOptions.PARALLELISM;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_INITIAL_DELAY;
import static io.drsnstream.job.config.ScoringJobOptions.RESTART_MAX_ATTEMPTS;
import static io.drsnstream.job.config.ScoringJobOptions.SCORING_DEVICE;
import static io.drsnstream.job.config.ScoringJobOptions.STARTING_OFFSETS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_ALERTS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_ALERT_CONFIG;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_CHUNKS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_DEAD_LETTERS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_MODEL_CONTROL;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_MODEL_STATUS;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_SCORES;
import static io.drsnstream.job.config.ScoringJobOptions.TOPIC_SCORES_SHADOW;
import static io.drsnstream.job.config.ScoringJobOptions.TRANSACTIONAL_ID_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsnstream.job.JobEnvironment;
import io.drsnstream.job.ScoringJob;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The real parts of an end-to-end run: Flink MiniCluster, a KRaft broker, the committed model. */
final class ScoringJobHarness {

    private ScoringJobHarness() {}

    /** Topics of one test, named after it so that tests never see each other's records. */
    record Topics(
            String chunks,
            String scores,
            String deadLetters,
            String alerts,
            String alertConfig,
            String modelControl,
            String modelStatus,
            String shadowScores) {
        static Topics create(LocalKafkaBroker kafka, String prefix, int chunkPartitions) {
            Topics topics =
                    new Topics(
                            prefix + "-chunks",
                            prefix + "-scores",
                            prefix + "-dead-letters",
                            prefix + "-alerts",
                            prefix + "-alert-config",
                            prefix + "-model-control",
                            prefix + "-model-status",
                            prefix + "-scores-shadow");
            kafka.createTopics(
                    Map.of(
                            topics.chunks,
                            chunkPartitions,
                            topics.scores,
                            2,
                            topics.deadLetters,
                            1,
                            topics.alerts,
                            2,
                            topics.alertConfig,
                            1,
                            topics.modelControl,
                            1,
                            topics.modelStatus,
                            1,
                            topics.shadowScores,
                            2));
            return topics;
        }
    }

    static ScoringJobConfig config(
            LocalKafkaBroker kafka, Topics topics, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MODEL_DIR.key(), RepositoryLayout.committedModel().toString());
        settings.put(TOPIC_CHUNKS.key(), topics.chunks());
        settings.put(TOPIC_SCORES.key(), topics.scores());
        settings.put(TOPIC_DEAD_LETTERS.key(), topics.deadLetters());
        settings.put(TOPIC_ALERTS.key(), topics.alerts());
        settings.put(TOPIC_ALERT_CONFIG.key(), topics.alertConfig());
        settings.put(TOPIC_MODEL_CONTROL.key(), topics.modelControl());
        settings.put(TOPIC_MODEL_STATUS.key(), topics.modelStatus());
        settings.put(TOPIC_SCORES_SHADOW.key(), topics.shadowScores());
        settings.put(GROUP_ID.key(), topics.chunks() + "-group");
        settings.put(TRANSACTIONAL_ID_PREFIX.key(), topics.chunks());
        settings.put(STARTING_OFFSETS.key(), "earliest");
        settings.put(CHECKPOINT_INTERVAL.key(), "500 ms");
        settings.put(OUT_OF_ORDERNESS.key(), "200 ms");
        settings.put(IDLENESS.key(), "1 s");
        settings.put(BATCH_TIMEOUT.key(), "20 ms");
        settings.put(PARALLELISM.key(), "2");
        settings.put(SCORING_DEVICE.key(), "cpu");
        // The job's own restart strategy, quick and bounded for tests.
        settings.put(RESTART_INITIAL_DELAY.key(), "200 ms");
        settings.put(RESTART_MAX_ATTEMPTS.key(), "3");
        settings.putAll(overrides);
        return ScoringJobConfig.fromMap(settings);
    }

    /** Starts the job; {@code tap} may put an operator between scoring and the scores sink. */
    static JobClient start(ScoringJobConfig config, UnaryOperator<DataStream<ScoringResult>> tap)
            throws Exception {
        return start(config, tap, new Configuration());
    }

    /** As {@link #start(ScoringJobConfig, UnaryOperator)}, with Flink settings (e.g. a savepoint to restore). */
    static JobClient start(
            ScoringJobConfig config,
            UnaryOperator<DataStream<ScoringResult>> tap,
            Configuration flinkSettings)
            throws Exception {
        JobClient client = submit(config, tap, flinkSettings);
        try {
            // In this thread: Awaitility's own pool would also fail the wait on any uncaught
            // exception of Flink's or Kafka's threads, which these tests never asserted on.
            await("the scoring job running")
                    .atMost(Duration.ofSeconds(60))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .untilAsserted(
                            () ->
                                    assertThat(client.getJobStatus().get())
                                            .isEqualTo(JobStatus.RUNNING));
        } catch (RuntimeException | Error notRunning) {
            client.cancel(); // the caller gets no client to stop: leave no job in the shared
            // cluster
            throw notRunning;
        }
        return client;
    }

    /** Submits the job without waiting for it to run (for a job expected to fail). */
    static JobClient submit(ScoringJobConfig config, UnaryOperator<DataStream<ScoringResult>> tap)
            throws Exception {
        return submit(config, tap, new Configuration());
    }

    static JobClient submit(
            ScoringJobConfig config,
            UnaryOperator<DataStream<ScoringResult>> tap,
            Configuration flinkSettings)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkSettings);
        JobPlan plan = JobPlan.resolve(config);
        JobEnvironment.configure(env, config);
        ScoringJob.ScoringStreams streams =
                ScoringJob.buildStreams(ScoringJob.fromKafka(env, plan), plan);
        ScoringJob.sinkAll(
                new ScoringJob.ScoringStreams(
                        tap.apply(streams.scores()),
                        streams.alerts(),
                        streams.deadLetters(),
                        streams.shadowScores(),
                        streams.modelStatus()),
                config);
        return env.executeAsync("scoring-test");
    }

    static void stop(JobClient client) throws Exception {
        client.cancel().get();
    }

    /** Produces encoded chunks and raw byte records, remembering where each landed. */
    static final class ChunkProducer implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        private final String topic;

        ChunkProducer(LocalKafkaBroker kafka, String topic) {
            // Bootstrap servers, and credentials when the broker wants them.
            Properties props = kafka.clientProperties();
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            // One request in flight: a retry (e.g. NOT_LEADER right after a topic is created, on a
            // loaded machine) can neither reorder nor drop the test's chunks.
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
            producer =
                    new KafkaProducer<>(
                            props, new ByteArraySerializer(), new ByteArraySerializer());
            this.topic = topic;
        }

        RecordMetadata send(SensorChunk chunk) throws Exception {
            return sendRaw(chunk.getSensorId(), codec.encode(chunk));
        }

        RecordMetadata sendRaw(String key, byte[] value) throws Exception {
            return producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                                    value))
                    .get();
        }

        RecordMetadata sendToPartition(int partition, SensorChunk chunk) throws Exception {
            return producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    partition,
                                    chunk.getSensorId().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(chunk)))
                    .get();
        }

        /** Sends in order and waits for every acknowledgement: a chunk that did not land fails the test here. */
        void sendAll(List<SensorChunk> chunks) throws Exception {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new java.util.ArrayList<>();
            for (SensorChunk chunk : chunks) {
                sent.add(
                        producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        chunk.getSensorId().getBytes(StandardCharsets.UTF_8),
                                        codec.encode(chunk))));
            }
            producer.flush();
            for (var result : sent) {
                result.get();
            }
        }

        @Override
        public void close() {
            producer.close(Duration.ofSeconds(5));
        }
    }
}
