package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.e2e.ScoringJobHarness.ChunkProducer;
import io.drsnstream.job.e2e.ScoringJobHarness.Topics;
import io.drsnstream.job.modelcontrol.ModelSlots;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.schemas.ModelOutcome;
import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.LoopbackFlink;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model operations on the real job (Kafka, MiniCluster, exactly-once, the committed artifacts),
 * one scenario in two runs of the job, since each run costs a minute on a small machine:
 *
 * <ol>
 *   <li>while chunks stream in, DEPLOY the ResNet baseline, and three artifacts the job must
 *       refuse (corrupt, missing, another sample rate); a failure is injected once a checkpoint
 *       after the switch has completed: the job recovers with the new model from its state;
 *   <li>SHADOW a candidate, score, stop with a savepoint;
 *   <li>restore: the deployed model and the shadow come back; PROMOTE, then ROLLBACK.
 * </ol>
 *
 * Over everything: every window in sensor-scores exactly once, per sensor the deploy switches the
 * version once and never back, every score (shadow ones too) is its own model's score of that
 * window, and the shadow topic holds exactly the windows scored while the shadow ran.
 */
class ModelOperationsEndToEndTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 4);

    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final int SENSORS = 4;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    /** Windows per sensor in each phase: deploy under load, shadow, restored, promoted, rolled back. */
    private static final int[] PHASE_WINDOWS = {8, 2, 2, 2, 2};

    private static final Path DRSN = RepositoryLayout.committedModel();
    private static final Path RESNET = RepositoryLayout.root().resolve("models/resnet-baseline");
    private static final Path CANDIDATE =
            RepositoryLayout.root().resolve("models/runs/drsn-cw-e100");

    private static LocalKafkaBroker kafka;

    @TempDir Path temp;

    private final SingleObjectCodec<ScoredWindow> scoresCodec = SingleObjectCodec.scoredWindows();
    private final SingleObjectCodec<ModelStatus> statusCodec = SingleObjectCodec.modelStatuses();
    private final Map<String, ModelArtifact> references = new HashMap<>();
    private final Map<String, Scorer> scorers = new HashMap<>();

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

    @AfterEach
    void closeReferences() {
        scorers.values().forEach(Scorer::close);
        references.values().forEach(ModelArtifact::close);
    }

    /**
     * Throws once, at the first window at {@code firstSeq} scored by {@code newVersion}: the test
     * sends that window only once a checkpoint after the switch has completed.
     */
    static final class FailOnceAfterTheSwitch implements MapFunction<ScoringResult, ScoringResult> {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final String newVersion;
        private final long firstSeq;

        FailOnceAfterTheSwitch(String newVersion, long firstSeq) {
            this.newVersion = newVersion;
            this.firstSeq = firstSeq;
        }

        @Override
        public ScoringResult map(ScoringResult score) {
            if (score.firstSeq == firstSeq
                    && score.modelVersion.equals(newVersion)
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after the model switch");
            }
            return score;
        }
    }

    /** The window of the deploy phase at which the failure strikes. */
    private static final int FAILING_WINDOW = 6;

    @Test
    void deployUnderLoadRefuseBadArtifactsShadowSavepointPromoteRollback() throws Exception {
        Topics topics = Topics.create(kafka, "e2e-model-ops", 2);
        ScoringJobConfig config = ScoringJobHarness.config(kafka, topics, Map.of());
        String drsn = load(DRSN);
        String resnet = load(RESNET);
        String candidate = load(CANDIDATE);
        Path corrupt = copy(RESNET, "corrupt");
        byte[] params = Files.readAllBytes(corrupt.resolve(ModelArtifact.PARAMETERS_FILE));
        params[params.length / 3] ^= 0x21;
        Files.write(corrupt.resolve(ModelArtifact.PARAMETERS_FILE), params);
        Path otherRate = copy(RESNET, "other-rate");
        Path json = otherRate.resolve(ModelArtifact.METADATA_FILE);
        Files.writeString(
                json,
                Files.readString(json, StandardCharsets.UTF_8)
                        .replace("\"sampleRateHz\": 12800.0", "\"sampleRateHz\": 25600.0"),
                StandardCharsets.UTF_8);

        int windowsPerSensor = java.util.Arrays.stream(PHASE_WINDOWS).sum();
        Map<String, List<SensorChunk>> chunksBySensor = new TreeMap<>();
        for (int s = 0; s < SENSORS; s++) {
            chunksBySensor.put(
                    "model-ops-" + s,
                    TestChunks.sensor(
                            "m" + s,
                            "model-ops-" + s,
                            s % 2 == 0 ? HealthState.HEALTHY : HealthState.BALL,
                            windowsPerSensor * WINDOW_CHUNKS,
                            900 + s));
        }
        List<List<SensorChunk>> phases = phases(chunksBySensor);
        FailOnceAfterTheSwitch.FAILED.set(false);

        List<ScoredWindow> scores;
        List<ScoredWindow> shadowScores;
        List<ModelStatus> statuses;
        Set<String> shadowPhaseIds = windowIds(chunksBySensor, 1, 3);
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks());
                KafkaProducer<byte[], byte[]> control = controlProducer();
                TopicReader scoreReader =
                        new TopicReader(kafka.bootstrapServers(), topics.scores());
                TopicReader shadowReader =
                        new TopicReader(kafka.bootstrapServers(), topics.shadowScores());
                TopicReader statusReader =
                        new TopicReader(kafka.bootstrapServers(), topics.modelStatus())) {
            // Run 1: deploy under load, refusals, an injected failure; then a shadow; a savepoint.
            JobClient job =
                    ScoringJobHarness.start(
                            config,
                            s ->
                                    s.map(
                                                    new FailOnceAfterTheSwitch(
                                                            resnet,
                                                            (long) FAILING_WINDOW * WINDOW_CHUNKS))
                                            .uid("inject-failure")
                                            .name("Fail once after the switch"));
            String savepoint;
            try {
                // Three windows per sensor first: a sensor's first chunk waits for the
                // watermark (200 ms out-of-orderness, two windows' time) before any window.
                List<SensorChunk> first = phases.get(0);
                int slice = first.size() / PHASE_WINDOWS[0];
                producer.sendAll(first.subList(0, 3 * slice));
                scoreReader.readUntil(r -> !r.isEmpty(), PATIENCE);
                send(control, topics, command("deploy-1", ModelCommandKind.DEPLOY, RESNET));
                send(
                        control,
                        topics,
                        command("corrupt-1", ModelCommandKind.DEPLOY, corrupt, RESNET));
                send(
                        control,
                        topics,
                        command(
                                "missing-1",
                                ModelCommandKind.DEPLOY,
                                temp.resolve("no-such-model"),
                                RESNET));
                send(
                        control,
                        topics,
                        command("rate-1", ModelCommandKind.DEPLOY, otherRate, RESNET));
                for (int from = 3 * slice; from < FAILING_WINDOW * slice; from += slice) {
                    producer.sendAll(first.subList(from, from + slice));
                    Thread.sleep(500);
                }
                // Both subtasks' answers committed: a checkpoint after both switches completed.
                statusReader.readUntil(
                        statuses(
                                s ->
                                        s.getCommandId().equals("deploy-1")
                                                && s.getOutcome() == ModelOutcome.ACTIVE,
                                2),
                        PATIENCE);
                statusReader.readUntil(
                        statuses(s -> s.getCommandId().equals("rate-1"), 2), PATIENCE);
                producer.sendAll(first.subList(FAILING_WINDOW * slice, first.size()));
                scoreReader.readUntil(countAtLeast(SENSORS * PHASE_WINDOWS[0]), PATIENCE);
                assertThat(FailOnceAfterTheSwitch.FAILED).as("the failure was injected").isTrue();
                statusReader.readUntil(
                        statuses(
                                s ->
                                        s.getCommandId().equals(ModelSlots.RESTORE)
                                                && s.getOutcome() == ModelOutcome.ACTIVE
                                                && resnet.equals(s.getVersion()),
                                2),
                        PATIENCE);

                send(control, topics, command("shadow-1", ModelCommandKind.SHADOW, CANDIDATE));
                statusReader.readUntil(
                        statuses(
                                s ->
                                        s.getCommandId().equals("shadow-1")
                                                && s.getOutcome() == ModelOutcome.SHADOWING,
                                2),
                        PATIENCE);
                producer.sendAll(phases.get(1));
                scoreReader.readUntil(
                        countAtLeast(SENSORS * (PHASE_WINDOWS[0] + PHASE_WINDOWS[1])), PATIENCE);
                Thread.sleep(1_000); // a checkpoint after the last records
                savepoint =
                        job.stopWithSavepoint(
                                        false,
                                        temp.resolve("savepoints").toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get();
            } catch (RuntimeException | Error | InterruptedException e) {
                ScoringJobHarness.stop(job);
                throw e;
            }

            // Run 2: restored from the savepoint; the deployed model and the shadow come back.
            Configuration restore = new Configuration();
            restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            job = ScoringJobHarness.start(config, s -> s, restore);
            try {
                statusReader.readUntil(
                        statuses(
                                s ->
                                        s.getCommandId().equals(ModelSlots.RESTORE)
                                                && s.getOutcome() == ModelOutcome.SHADOWING,
                                2),
                        PATIENCE);
                producer.sendAll(phases.get(2));
                int through = PHASE_WINDOWS[0] + PHASE_WINDOWS[1] + PHASE_WINDOWS[2];
                scoreReader.readUntil(countAtLeast(SENSORS * through), PATIENCE);

                send(control, topics, command("promote-1", ModelCommandKind.PROMOTE, null));
                statusReader.readUntil(
                        statuses(s -> s.getCommandId().equals("promote-1"), 2), PATIENCE);
                producer.sendAll(phases.get(3));
                through += PHASE_WINDOWS[3];
                scoreReader.readUntil(countAtLeast(SENSORS * through), PATIENCE);

                send(control, topics, command("rollback-1", ModelCommandKind.ROLLBACK, null));
                statusReader.readUntil(
                        statuses(s -> s.getCommandId().equals("rollback-1"), 2), PATIENCE);
                producer.sendAll(phases.get(4));
                scoreReader.readUntil(countAtLeast(SENSORS * windowsPerSensor), PATIENCE);
                shadowReader.readUntil(countAtLeast(shadowPhaseIds.size()), PATIENCE);
                scores = decode(scoreReader.readFor(Duration.ofSeconds(2)), scoresCodec);
                shadowScores = decode(shadowReader.readFor(Duration.ofSeconds(1)), scoresCodec);
                statuses = decode(statusReader.readFor(Duration.ofSeconds(1)), statusCodec);
            } finally {
                ScoringJobHarness.stop(job);
            }
        }

        // Every window exactly once, through the failure and the savepoint.
        List<String> ids = scores.stream().map(ModelOperationsEndToEndTest::idOf).sorted().toList();
        assertThat(ids)
                .as("every window exactly once")
                .isEqualTo(windowIds(chunksBySensor, 0, 5).stream().sorted().toList());

        // The deploy under load: per sensor, the committed model, then the deployed one, and
        // never back; the windows after the statuses came are all the deployed model's.
        Map<String, List<ScoredWindow>> bySensor =
                scores.stream().collect(Collectors.groupingBy(ScoredWindow::getSensorId));
        int scoredBeforeTheSwitch = 0;
        for (var sensor : bySensor.entrySet()) {
            List<ScoredWindow> windows = new ArrayList<>(sensor.getValue());
            windows.sort((a, b) -> Long.compare(a.getFirstSeq(), b.getFirstSeq()));
            String deployPhase =
                    windows.subList(0, PHASE_WINDOWS[0]).stream()
                            .map(
                                    w ->
                                            w.getModelVersion().equals(drsn)
                                                    ? "o"
                                                    : w.getModelVersion().equals(resnet)
                                                            ? "n"
                                                            : "?")
                            .collect(Collectors.joining());
            assertThat(deployPhase)
                    .as(
                            "versions of %s in the deploy phase (o: %s, n: %s)",
                            sensor.getKey(), drsn, resnet)
                    .matches("o*n+");
            scoredBeforeTheSwitch += deployPhase.indexOf('n');
            List<String> later =
                    windows.subList(PHASE_WINDOWS[0], windows.size()).stream()
                            .map(ScoredWindow::getModelVersion)
                            .toList();
            List<String> expected = new ArrayList<>();
            String[] phaseVersions = {resnet, resnet, candidate, resnet};
            for (int p = 1; p < PHASE_WINDOWS.length; p++) {
                for (int k = 0; k < PHASE_WINDOWS[p]; k++) {
                    expected.add(phaseVersions[p - 1]);
                }
            }
            assertThat(later)
                    .as(
                            "versions of %s: shadowing, restored, promoted, rolled back",
                            sensor.getKey())
                    .isEqualTo(expected);
        }
        assertThat(scoredBeforeTheSwitch).as("windows scored before the deploy").isPositive();

        // The shadow: exactly the windows scored while it ran, once each, by the candidate.
        assertThat(shadowScores.stream().map(ModelOperationsEndToEndTest::idOf).sorted().toList())
                .as("shadow scores")
                .isEqualTo(shadowPhaseIds.stream().sorted().toList());
        assertThat(shadowScores).extracting(ScoredWindow::getModelVersion).containsOnly(candidate);

        // Each score is its own model's score of its window.
        Map<String, float[]> samples = windowSamples(chunksBySensor);
        for (ScoredWindow window : concat(scores, shadowScores)) {
            ScoreResult alone =
                    scorers.get(window.getModelVersion()).score(samples.get(idOf(window)));
            assertThat(window.getLabel()).as("label of %s", idOf(window)).isEqualTo(alone.label());
            assertThat(window.getAnomalyScore())
                    .as("anomaly score of %s by %s", idOf(window), window.getModelVersion())
                    .isCloseTo(alone.anomalyScore(), within(1e-4f));
        }

        // The statuses: each subtask's answer to each command, once (exactly-once sink).
        Map<String, List<String>> answers = new TreeMap<>();
        for (ModelStatus status : statuses) {
            answers.computeIfAbsent(status.getCommandId(), k -> new ArrayList<>())
                    .add(
                            status.getSubtask()
                                    + " "
                                    + status.getOutcome()
                                    + " "
                                    + status.getVersion());
        }
        assertThat(answers.get("deploy-1"))
                .containsExactlyInAnyOrder(
                        "0 ACCEPTED " + resnet,
                        "0 ACTIVE " + resnet,
                        "1 ACCEPTED " + resnet,
                        "1 ACTIVE " + resnet);
        assertThat(answers.get("shadow-1"))
                .containsExactlyInAnyOrder(
                        "0 ACCEPTED " + candidate,
                        "0 SHADOWING " + candidate,
                        "1 ACCEPTED " + candidate,
                        "1 SHADOWING " + candidate);
        assertThat(answers.get("promote-1"))
                .containsExactlyInAnyOrder("0 ACTIVE " + candidate, "1 ACTIVE " + candidate);
        assertThat(answers.get("rollback-1"))
                .containsExactlyInAnyOrder("0 ACTIVE " + resnet, "1 ACTIVE " + resnet);
        assertThat(answers.get(ModelSlots.RESTORE))
                .as("after the failure and after the savepoint")
                .containsExactlyInAnyOrder(
                        "0 ACTIVE " + resnet,
                        "1 ACTIVE " + resnet,
                        "0 ACTIVE " + resnet,
                        "1 ACTIVE " + resnet,
                        "0 SHADOWING " + candidate,
                        "1 SHADOWING " + candidate);
        Map<String, String> reasons =
                statuses.stream()
                        .filter(s -> s.getOutcome() == ModelOutcome.REJECTED)
                        .collect(
                                Collectors.toMap(
                                        s -> s.getCommandId() + "/" + s.getSubtask(),
                                        ModelStatus::getReason));
        assertThat(reasons).hasSize(6);
        for (int subtask = 0; subtask < 2; subtask++) {
            assertThat(reasons.get("corrupt-1/" + subtask)).startsWith("CHECKSUM_MISMATCH");
            assertThat(reasons.get("missing-1/" + subtask)).startsWith("MISSING_DIRECTORY");
            assertThat(reasons.get("rate-1/" + subtask))
                    .startsWith("INCOMPATIBLE")
                    .contains("25600.0 Hz");
        }
    }

    /** Each phase's chunks of all sensors, interleaved in event-time order. */
    private static List<List<SensorChunk>> phases(Map<String, List<SensorChunk>> chunksBySensor) {
        List<List<SensorChunk>> phases = new ArrayList<>();
        int from = 0;
        for (int windows : PHASE_WINDOWS) {
            List<List<SensorChunk>> part = new ArrayList<>();
            for (List<SensorChunk> chunks : chunksBySensor.values()) {
                part.add(chunks.subList(from * WINDOW_CHUNKS, (from + windows) * WINDOW_CHUNKS));
            }
            phases.add(TestChunks.interleaved(part));
            from += windows;
        }
        return phases;
    }

    /** Ids of the windows of phases {@code fromPhase} (inclusive) to {@code toPhase} (exclusive). */
    private static Set<String> windowIds(
            Map<String, List<SensorChunk>> chunksBySensor, int fromPhase, int toPhase) {
        int first = 0;
        for (int p = 0; p < fromPhase; p++) {
            first += PHASE_WINDOWS[p];
        }
        int last = first;
        for (int p = fromPhase; p < toPhase; p++) {
            last += PHASE_WINDOWS[p];
        }
        Set<String> ids = new HashSet<>();
        for (String sensor : chunksBySensor.keySet()) {
            for (int k = first; k < last; k++) {
                ids.add(sensor + "#" + (k * WINDOW_CHUNKS));
            }
        }
        return ids;
    }

    private static Map<String, float[]> windowSamples(Map<String, List<SensorChunk>> chunks) {
        Map<String, float[]> samples = new HashMap<>();
        chunks.forEach(
                (sensor, list) -> {
                    for (int k = 0; k + WINDOW_CHUNKS <= list.size(); k += WINDOW_CHUNKS) {
                        float[] window = new float[WINDOW_CHUNKS * TestChunks.CHUNK];
                        int at = 0;
                        for (SensorChunk chunk : list.subList(k, k + WINDOW_CHUNKS)) {
                            for (Float sample : chunk.getSamples()) {
                                window[at++] = sample;
                            }
                        }
                        samples.put(sensor + "#" + k, window);
                    }
                });
        return samples;
    }

    private static String idOf(ScoredWindow window) {
        return window.getSensorId() + "#" + window.getFirstSeq();
    }

    private static List<ScoredWindow> concat(List<ScoredWindow> a, List<ScoredWindow> b) {
        List<ScoredWindow> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Predicate<List<ConsumerRecord<byte[], byte[]>>> countAtLeast(int count) {
        return records -> records.size() >= count;
    }

    private Predicate<List<ConsumerRecord<byte[], byte[]>>> statuses(
            Predicate<ModelStatus> which, int count) {
        return records -> decode(records, statusCodec).stream().filter(which).count() >= count;
    }

    private String load(Path dir) throws Exception {
        ModelArtifact artifact = ModelArtifact.load(dir, Device.cpu());
        String version = artifact.getMetadata().version();
        references.put(version, artifact);
        scorers.put(version, artifact.newScorer());
        return version;
    }

    private Path copy(Path dir, String name) throws Exception {
        Path copy = Files.createDirectories(temp.resolve(name));
        for (String file : List.of(ModelArtifact.METADATA_FILE, ModelArtifact.PARAMETERS_FILE)) {
            Files.copy(dir.resolve(file), copy.resolve(file));
        }
        return copy;
    }

    /** A command for the artifact in {@code dir}, with version and SHA-256 of {@code declared}. */
    private static ModelCommand command(String id, ModelCommandKind kind, Path dir, Path declared)
            throws Exception {
        ModelMetadata metadata = ModelArtifact.verify(declared);
        return ModelCommand.newBuilder()
                .setCommandId(id)
                .setKind(kind)
                .setVersion(metadata.version())
                .setLocation(dir.toUri().toString())
                .setSha256(metadata.parametersSha256())
                .build();
    }

    private static ModelCommand command(String id, ModelCommandKind kind, Path dir)
            throws Exception {
        if (dir == null) {
            return ModelCommand.newBuilder().setCommandId(id).setKind(kind).build();
        }
        return command(id, kind, dir, dir);
    }

    private static KafkaProducer<byte[], byte[]> controlProducer() {
        var props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer, Topics topics, ModelCommand command)
            throws Exception {
        producer.send(
                        new ProducerRecord<>(
                                topics.modelControl(),
                                command.getCommandId().getBytes(StandardCharsets.UTF_8),
                                SingleObjectCodec.modelCommands().encode(command)))
                .get();
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> decode(
            List<ConsumerRecord<byte[], byte[]>> records, SingleObjectCodec<T> codec) {
        List<T> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                decoded.add(codec.decode(record.value()));
            } catch (io.drsnstream.schemas.codec.PayloadDecodingException e) {
                throw new AssertionError("undecodable record on " + record.topic(), e);
            }
        }
        return decoded;
    }
}
