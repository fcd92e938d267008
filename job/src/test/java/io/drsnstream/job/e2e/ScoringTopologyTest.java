package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.JobEnvironment;
import io.drsnstream.job.ScoringJob;
import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.alert.AlertEvent;
import io.drsnstream.job.chunk.ChunkDeserializationSchema;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.chunk.ChunkValidator;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The whole topology of the job (dead-letter routing, window assembly keyed by sensor, batched
 * scoring with the committed model) on a bounded in-memory input, as the Flink training exercises
 * test theirs: no broker, seconds instead of the Kafka end-to-end tests' minutes. The input is
 * what the Kafka source would emit for the same records, made by the job's own deserializer;
 * the end of the input is the final watermark that closes the last windows.
 */
class ScoringTopologyTest {

    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final int WINDOWS_PER_SENSOR = 12;
    private static final Map<String, HealthState> SENSORS =
            Map.of(
                    "healthy-sensor", HealthState.HEALTHY,
                    "inner-race-sensor", HealthState.INNER_RACE,
                    "ball-sensor", HealthState.BALL);

    @Test
    void scoresEveryWindowOnceAndRoutesEveryBadRecordToTheDeadLetters() throws Exception {
        List<List<SensorChunk>> sensors = new ArrayList<>();
        long seed = 500;
        for (var sensor : new TreeMap<>(SENSORS).entrySet()) {
            sensors.add(
                    TestChunks.sensor(
                            "m",
                            sensor.getKey(),
                            sensor.getValue(),
                            WINDOWS_PER_SENSOR * WINDOW_CHUNKS,
                            seed++));
        }
        List<SensorChunk> chunks = TestChunks.interleaved(sensors);
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        List<byte[]> payloads = new ArrayList<>();
        chunks.forEach(chunk -> payloads.add(codec.encode(chunk)));
        byte[] corrupt = Arrays.copyOf(payloads.get(0), 40);
        Arrays.fill(corrupt, SingleObjectCodec.HEADER_BYTES, corrupt.length, (byte) 0xFF);
        SensorChunk withNaN =
                SensorChunk.newBuilder(chunks.get(1))
                        .setSensorId("nan-sensor")
                        .setSamples(List.of(1f, Float.NaN))
                        .build();
        payloads.add(10, corrupt);
        payloads.add(20, codec.encode(withNaN));
        payloads.add(30, payloads.get(5)); // a duplicate of a chunk already sent

        InMemoryRun run = runInMemory(payloads);
        List<ScoringResult> scores = run.scores();
        List<RejectedRecord> rejected = run.rejected();
        List<AlertEvent> alerts = run.alerts();

        assertThat(scores).hasSize(SENSORS.size() * WINDOWS_PER_SENSOR);
        for (String sensor : SENSORS.keySet()) {
            assertThat(
                            scores.stream()
                                    .filter(s -> s.sensorId.equals(sensor))
                                    .map(s -> s.firstSeq)
                                    .sorted()
                                    .toList())
                    .as("windows of %s", sensor)
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.range(0, WINDOWS_PER_SENSOR)
                                    .map(k -> k * WINDOW_CHUNKS)
                                    .boxed()
                                    .toList());
        }
        Map<String, List<String>> labels =
                scores.stream()
                        .collect(
                                Collectors.groupingBy(
                                        s -> s.sensorId,
                                        Collectors.mapping(s -> s.label, Collectors.toList())));
        SENSORS.forEach(
                (sensor, state) ->
                        assertThat(labels.get(sensor)).as(sensor).containsOnly(state.name()));
        assertThat(scores)
                .filteredOn(s -> s.sensorId.equals("healthy-sensor"))
                .noneMatch(s -> s.anomaly);

        // Alerts (8 of 10 windows by default): none for the healthy sensor; one for each faulty
        // sensor, with its fault, which the end of the input (the final watermark) ends as NO_DATA.
        assertThat(alerts).noneMatch(a -> a.sensorId.equals("healthy-sensor"));
        SENSORS.forEach(
                (sensor, state) -> {
                    if (state == HealthState.HEALTHY) {
                        return;
                    }
                    List<AlertEvent> events =
                            alerts.stream().filter(a -> a.sensorId.equals(sensor)).toList();
                    assertThat(events).as("alerts of %s", sensor).isNotEmpty();
                    assertThat(events.get(0).kind).isEqualTo("RAISED");
                    assertThat(events.get(0).label).isEqualTo(state.name());
                    assertThat(events.get(events.size() - 1).kind).isEqualTo("NO_DATA");
                    assertThat(events)
                            .extracting(a -> a.alertId)
                            .containsOnly(events.get(0).alertId);
                });

        Map<DeadLetterReason, Long> offsetsByReason = new HashMap<>();
        rejected.forEach(r -> offsetsByReason.put(r.reason(), r.source.offset));
        assertThat(offsetsByReason)
                .containsOnlyKeys(
                        DeadLetterReason.MALFORMED,
                        DeadLetterReason.INVALID_VALUES,
                        DeadLetterReason.DUPLICATE);
        assertThat(offsetsByReason.get(DeadLetterReason.MALFORMED)).isEqualTo(10L);
        assertThat(offsetsByReason.get(DeadLetterReason.INVALID_VALUES)).isEqualTo(20L);
        // Which of two identical copies the assembler keeps depends on whether the watermark had
        // passed the first before the second came (periodic watermarks): either way one of them.
        assertThat(offsetsByReason.get(DeadLetterReason.DUPLICATE)).isIn(5L, 30L);
        assertThat(rejected).hasSize(3);
        // Every record accounted for: each good chunk in exactly one window, every other one a dead
        // letter.
        assertThat(scores.size() * WINDOW_CHUNKS + rejected.size()).isEqualTo(payloads.size());
    }

    private static int partitionOf(Inbound<ChunkRecord> record) {
        return (record.isRejected() ? record.rejected.source : record.value.source).partition;
    }

    /** What the Kafka source emits for each payload at offsets 0, 1, ... of partition 0. */
    private static List<Inbound<ChunkRecord>> asSourceWouldEmit(
            List<byte[]> payloads, ScoringJobConfig config, ModelMetadata model) {
        var deserializer =
                new ChunkDeserializationSchema(
                        new ChunkValidator(model.sampleRateHz(), config.chunkMaxSamples));
        List<Inbound<ChunkRecord>> records = new ArrayList<>();
        for (int offset = 0; offset < payloads.size(); offset++) {
            byte[] key = ("key-" + offset).getBytes(StandardCharsets.UTF_8);
            deserializer.deserialize(
                    new ConsumerRecord<>(config.chunksTopic, 0, offset, key, payloads.get(offset)),
                    new ListCollector<>(records));
        }
        return records;
    }

    private static ScoringJobConfig config() {
        return ScoringJobConfig.fromMap(
                Map.of(
                        ScoringJobOptions.BOOTSTRAP_SERVERS.key(), "127.0.0.1:9",
                        ScoringJobOptions.MODEL_DIR.key(),
                                RepositoryLayout.committedModel().toString(),
                        ScoringJobOptions.PARALLELISM.key(), "2",
                        ScoringJobOptions.SCORING_DEVICE.key(), "cpu",
                        ScoringJobOptions.BATCH_TIMEOUT.key(), "20 ms"));
    }

    @Test
    void aSensorThatRebootsAndStartsItsSeqAgainHasItsNewRunScored() throws Exception {
        // Two windows and 3 chunks, then a reboot: 5 s later the seq starts at 0 again.
        List<SensorChunk> firstRun =
                TestChunks.sensor("m", "rebooting-sensor", HealthState.HEALTHY, 19, 700);
        long shiftMicros = 19 * 20_000L + 5_000_000L;
        List<SensorChunk> secondRun = new ArrayList<>();
        for (SensorChunk chunk :
                TestChunks.sensor("m", "rebooting-sensor", HealthState.HEALTHY, 16, 701)) {
            secondRun.add(
                    SensorChunk.newBuilder(chunk)
                            .setStartTime(chunk.getStartTime().plus(shiftMicros, ChronoUnit.MICROS))
                            .build());
        }
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        List<byte[]> payloads = new ArrayList<>();
        firstRun.forEach(chunk -> payloads.add(codec.encode(chunk)));
        secondRun.forEach(chunk -> payloads.add(codec.encode(chunk)));

        InMemoryRun run = runInMemory(payloads);

        assertThat(run.rejected()).as("no DUPLICATE blackout after the reboot").isEmpty();
        assertThat(run.scores())
                .extracting(s -> s.firstSeq, s -> s.startMicros)
                .containsExactlyInAnyOrder(
                        tuple(0L, TestChunks.T0_MICROS),
                        tuple((long) WINDOW_CHUNKS, TestChunks.T0_MICROS + 160_000L),
                        tuple(0L, TestChunks.T0_MICROS + shiftMicros),
                        tuple((long) WINDOW_CHUNKS, TestChunks.T0_MICROS + shiftMicros + 160_000L));
        // The ledger: the first run's last 3 chunks were its partial window, cut by the restart.
        assertThat(run.scores().size() * WINDOW_CHUNKS + 3).isEqualTo(payloads.size());
    }

    record InMemoryRun(
            List<ScoringResult> scores, List<RejectedRecord> rejected, List<AlertEvent> alerts) {}

    /** The whole topology on {@code payloads} at offsets 0, 1, ... of partition 0, without alert overrides. */
    private static InMemoryRun runInMemory(List<byte[]> payloads) throws Exception {
        ScoringJobConfig config = config();
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, config);
        // As the Kafka source: each partition read in order by one subtask, which stamps event
        // time and watermarks, the router chained to it (without this the rebalance from the
        // one-subtask collection source to the two routers could reorder a sensor's records).
        DataStream<Inbound<ChunkRecord>> inbound =
                env.fromData(
                                asSourceWouldEmit(payloads, config, model),
                                Inbound.typeOf(ChunkRecord.class))
                        .partitionCustom(
                                (partition, subtasks) -> partition % subtasks,
                                ScoringTopologyTest::partitionOf)
                        .assignTimestampsAndWatermarks(ScoringJob.watermarks(config));
        DataStream<Inbound<AlertConfigUpdate>> alertConfig =
                env.fromData(
                        List.of(Inbound.of(AlertConfigUpdate.remove("sensor:no-such-sensor"))),
                        Inbound.typeOf(AlertConfigUpdate.class));
        DataStream<Inbound<ModelControlRecord>> modelControl =
                env.fromData(
                        List.of(
                                Inbound.of(
                                        ModelControlRecord.command(
                                                "nothing-to-promote",
                                                ModelCommandKind.PROMOTE,
                                                null,
                                                null,
                                                null))),
                        Inbound.typeOf(ModelControlRecord.class));
        ScoringJob.ScoringStreams streams =
                ScoringJob.buildStreams(
                        new ScoringJob.ScoringInputs(inbound, alertConfig, modelControl), plan);
        List<ScoringResult> scores = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        List<AlertEvent> alerts = new ArrayList<>();
        try (CloseableIterator<ScoringResult> scoreOutput = streams.scores().collectAsync();
                CloseableIterator<AlertEvent> alertOutput = streams.alerts().collectAsync();
                CloseableIterator<RejectedRecord> deadLetterOutput =
                        streams.deadLetters().collectAsync()) {
            env.execute("scoring topology in memory");
            scoreOutput.forEachRemaining(scores::add);
            alertOutput.forEachRemaining(alerts::add);
            deadLetterOutput.forEachRemaining(rejected::add);
        }
        return new InMemoryRun(scores, rejected, alerts);
    }
}
