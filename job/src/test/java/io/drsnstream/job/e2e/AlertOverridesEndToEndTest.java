package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.e2e.ScoringJobHarness.ChunkProducer;
import io.drsnstream.job.e2e.ScoringJobHarness.Topics;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.OverrideScope;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.LoopbackFlink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overrides of the alert rule on the alert-config topic change what the real job (Kafka,
 * MiniCluster, committed model) raises, and an override it cannot run becomes a dead letter.
 */
class AlertOverridesEndToEndTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 4);

    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Duration IDLE_BEFORE_CHUNKS = Duration.ofMillis(2500);

    private static LocalKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = LocalKafkaBroker.builder().start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void overridesWrittenBeforeTheStartChangeAlertsAndAnInvalidOneIsADeadLetter() throws Exception {
        Topics topics = Topics.create(kafka, "e2e-alert-overrides", 2);
        ScoringJobConfig config = ScoringJobHarness.config(kafka, topics, Map.of());
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();
        float jobThreshold = plan.threshold().value();
        float machineThreshold = 0.6f;
        assertThat(machineThreshold)
                .as("another threshold than the job's")
                .isNotEqualTo(jobThreshold);

        // Three sensors with the same clean fault over 10 windows, every window an anomaly:
        // - twin: no valid override, the job's defaults (8 of 10) raise at its 8th window;
        // - byMachine: its machine's override (2 of 3, threshold 0.6) raises at its 2nd window;
        // - suppressed: on the same machine, but its own override (12 of 12) wins over the
        //   machine's and cannot raise within 10 windows.
        String twin = "m-defaults/acc-0";
        String byMachine = "m-override/acc-0";
        String suppressed = "m-override/acc-1";
        int windows = 10;
        List<List<SensorChunk>> sensors = new ArrayList<>();
        sensors.add(sensor("m-defaults", twin, windows, 301));
        sensors.add(sensor("m-override", byMachine, windows, 302));
        sensors.add(sensor("m-override", suppressed, windows, 303));

        String twinKey = "sensor:" + twin;
        long invalidOffset;
        try (KafkaProducer<byte[], byte[]> overrides = configProducer()) {
            write(
                    overrides,
                    topics.alertConfig(),
                    override(OverrideScope.MACHINE, "m-override", 2, 3, 2, machineThreshold));
            write(
                    overrides,
                    topics.alertConfig(),
                    override(OverrideScope.SENSOR, suppressed, 12, 12, 1, null));
            // k + m <= n: refused, so the twin keeps the defaults. Written last: see below.
            invalidOffset =
                    write(
                                    overrides,
                                    topics.alertConfig(),
                                    override(OverrideScope.SENSOR, twin, 3, 10, 3, null))
                            .offset();
        }

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        DeadLetter refused;
        List<SensorAlert> alerts;
        List<ScoredWindow> scores;
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                TopicReader deadLetterReader =
                        new TopicReader(kafka.bootstrapServers(), topics.deadLetters());
                TopicReader scoreReader =
                        new TopicReader(kafka.bootstrapServers(), topics.scores());
                TopicReader alertReader =
                        new TopicReader(kafka.bootstrapServers(), topics.alerts())) {
            // The refused override's dead letter is committed with a checkpoint (exactly-once,
            // the default), which completes
            // only once the alert operator has taken every update before it (aligned barriers,
            // one config partition read in order): from here on the valid overrides are in its
            // broadcast state, so that no window below can be judged before them.
            List<DeadLetter> deadLetters =
                    decode(
                            deadLetterReader.readUntil(r -> !r.isEmpty(), PATIENCE),
                            SingleObjectCodec.deadLetters());
            assertThat(deadLetters).hasSize(1);
            refused = deadLetters.get(0);
            // No chunk yet for longer than --idleness (1 s in the harness): the chunk source is
            // idle, as when a job starts before its sensors send. The alert operator's event time
            // must still follow the chunks that come next (it once jumped to the config input's
            // end-of-time watermark here, and no NO_DATA ever came).
            Thread.sleep(IDLE_BEFORE_CHUNKS.toMillis());

            producer.sendAll(TestChunks.interleaved(sensors));
            // Every window is scored before event time jumps: were the flush chunks sent at once,
            // the reader of one partition could pass them on while the other's reader, idle since
            // the sleep, had not fetched its chunks yet; an idle input does not hold the
            // watermark, so those sensors would be silent for an hour of event time (NO_DATA) and
            // their windows would come after it (README, "Event time and idle partitions").
            scores =
                    decode(
                                    scoreReader.readUntil(
                                            r -> r.size() >= sensors.size() * windows, PATIENCE),
                                    SingleObjectCodec.scoredWindows())
                            .stream()
                            .filter(w -> !TestChunks.isFlush(w.getSensorId()))
                            .toList();
            producer.sendToPartition(0, TestChunks.watermarkFlush(0));
            producer.sendToPartition(1, TestChunks.watermarkFlush(1));
            // The flush chunks, an hour later, end the open alerts (NO_DATA).
            SingleObjectCodec<SensorAlert> alertCodec = SingleObjectCodec.sensorAlerts();
            alertReader.readUntil(
                    r ->
                            decode(r, alertCodec).stream()
                                            .filter(a -> a.getKind() == AlertKind.NO_DATA)
                                            .count()
                                    >= 2,
                    PATIENCE);
            alerts = decode(alertReader.readFor(Duration.ofSeconds(3)), alertCodec);
            assertThat(deadLetterReader.readFor(Duration.ofSeconds(1)))
                    .as("dead letters: the refused override only")
                    .hasSize(1);
        } finally {
            ScoringJobHarness.stop(job);
        }

        assertThat(refused.getReason()).isEqualTo(DeadLetterReason.INVALID_VALUES);
        assertThat(refused.getSourceTopic()).isEqualTo(topics.alertConfig());
        assertThat(refused.getSourceOffset()).isEqualTo(invalidOffset);
        assertThat(text(refused.getKey())).isEqualTo(twinKey);
        assertThat(refused.getDetail()).contains(twinKey).contains("k + m must exceed n");

        // Every window of each sensor is an anomaly even against the job's threshold, so the
        // defaults would raise for each: what differs below is the overrides' doing.
        for (String sensor : List.of(twin, byMachine, suppressed)) {
            List<ScoredWindow> windowsOf =
                    scores.stream().filter(w -> sensor.equals(w.getSensorId())).toList();
            assertThat(windowsOf).as("windows of %s", sensor).hasSize(windows);
            assertThat(windowsOf)
                    .as("windows of %s", sensor)
                    .allSatisfy(
                            w ->
                                    assertThat(w.getAnomalyScore())
                                            .isGreaterThanOrEqualTo(jobThreshold));
        }

        List<SensorAlert> ofTwin = alertsOf(alerts, twin);
        assertThat(ofTwin)
                .extracting(SensorAlert::getKind)
                .containsExactly(AlertKind.RAISED, AlertKind.NO_DATA);
        SensorAlert twinRaised = ofTwin.get(0);
        assertThat(twinRaised.getLabel()).isEqualTo(HealthState.OUTER_RACE.name());
        assertThat(twinRaised.getWindowsCounted()).as("raised by 8 of 10").isBetween(8L, 10L);
        assertThat(twinRaised.getAnomalyThreshold()).isEqualTo(jobThreshold);

        List<SensorAlert> ofByMachine = alertsOf(alerts, byMachine);
        assertThat(ofByMachine)
                .extracting(SensorAlert::getKind)
                .containsExactly(AlertKind.RAISED, AlertKind.NO_DATA);
        SensorAlert byMachineRaised = ofByMachine.get(0);
        assertThat(byMachineRaised.getLabel()).isEqualTo(HealthState.OUTER_RACE.name());
        assertThat(byMachineRaised.getWindowsCounted()).as("raised by 2 of 3").isBetween(2L, 3L);
        assertThat(byMachineRaised.getAnomalyThreshold()).isEqualTo(machineThreshold);
        assertThat(byMachineRaised.getLastWindowEnd())
                .as("raised earlier in sensor time than the twin")
                .isBefore(twinRaised.getLastWindowEnd());

        assertThat(alertsOf(alerts, suppressed))
                .as("alerts of %s, 12 of 12 to raise", suppressed)
                .isEmpty();
    }

    private static List<SensorChunk> sensor(
            String machineId, String sensorId, int windows, long seed) {
        return TestChunks.sensor(
                machineId, sensorId, HealthState.OUTER_RACE, windows * WINDOW_CHUNKS, seed);
    }

    private static AlertPolicyOverride override(
            OverrideScope scope, String id, int k, int n, int m, Float threshold) {
        return AlertPolicyOverride.newBuilder()
                .setScope(scope)
                .setId(id)
                .setRaiseWindows(k)
                .setWindowCount(n)
                .setClearWindows(m)
                .setAnomalyThreshold(threshold)
                .build();
    }

    private static KafkaProducer<byte[], byte[]> configProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** The override under its contract key, {@code <scope>:<id>}. */
    private static RecordMetadata write(
            KafkaProducer<byte[], byte[]> producer, String topic, AlertPolicyOverride override)
            throws Exception {
        String key =
                io.drsnstream.schemas.Topics.alertConfigKey(override.getScope(), override.getId());
        return producer.send(
                        new ProducerRecord<>(
                                topic,
                                key.getBytes(StandardCharsets.UTF_8),
                                SingleObjectCodec.alertPolicyOverrides().encode(override)))
                .get();
    }

    private static List<SensorAlert> alertsOf(List<SensorAlert> alerts, String sensorId) {
        return alerts.stream().filter(a -> sensorId.equals(a.getSensorId())).toList();
    }

    private static <T extends SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, SingleObjectCodec<T> codec) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                out.add(codec.decode(record.value()));
            } catch (PayloadDecodingException e) {
                throw new AssertionError("undecodable record: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
