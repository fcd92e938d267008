package io.drsnstream.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.modelcontrol.ModelStatusEvent;
import io.drsnstream.job.window.SampleWindow;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.schemas.ModelOutcome;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring operator with real artifacts taking model commands: a deploy between two batches,
 * refused artifacts with their reasons while scoring goes on, shadow scoring, promote and
 * rollback, and a restore that comes back with the deployed models rather than the one it was
 * started with.
 */
class ModelCommandsTest {

    private static final int BATCH = 4;

    private static final Path DRSN = RepositoryLayout.committedModel();
    private static final Path RESNET = RepositoryLayout.root().resolve("models/resnet-baseline");
    private static final Path CANDIDATE =
            RepositoryLayout.root().resolve("models/runs/drsn-cw-e100");

    private static final Map<String, Path> BY_VERSION = new HashMap<>();
    private static final Map<String, ModelArtifact> REFERENCES = new HashMap<>();
    private static final Map<String, Scorer> SCORERS = new HashMap<>();

    @TempDir static Path temp;

    @BeforeAll
    static void loadReferences() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        for (Path dir : List.of(DRSN, RESNET, CANDIDATE)) {
            ModelArtifact artifact = ModelArtifact.load(dir, Device.cpu());
            String version = artifact.getMetadata().version();
            BY_VERSION.put(version, dir);
            REFERENCES.put(version, artifact);
            SCORERS.put(version, artifact.newScorer());
        }
    }

    @AfterAll
    static void closeReferences() {
        SCORERS.values().forEach(Scorer::close);
        REFERENCES.values().forEach(ModelArtifact::close);
    }

    @Test
    void aDeploySwitchesBetweenTwoBatchesAndEachScoreIsItsOwnModels() throws Exception {
        String drsn = version(DRSN);
        String resnet = version(RESNET);
        List<SampleWindow> windows = windows(3 + 2 * BATCH, 11);
        try (var harness = harness()) {
            for (int i = 0; i < 3; i++) {
                harness.processElement1(windows.get(i), i);
            }
            assertThat(harness.extractOutputStreamRecords()).as("a batch still pending").isEmpty();

            harness.processElement2(new StreamRecord<>(deploy("d-1", RESNET)));

            assertThat(outcomes(harness))
                    .containsExactly("d-1 ACCEPTED " + resnet, "d-1 ACTIVE " + resnet);
            for (int i = 3; i < windows.size(); i++) {
                harness.processElement1(windows.get(i), i);
            }
            List<ScoringResult> scores = values(harness.extractOutputStreamRecords());
            assertThat(scores).hasSize(windows.size());
            for (int i = 0; i < windows.size(); i++) {
                String expected = i < 3 ? drsn : resnet;
                assertScoredBy(expected, windows.get(i), scores.get(i));
            }
        }
    }

    @Test
    void refusedCommandsSayWhyAndTheCurrentModelScoresOn() throws Exception {
        String drsn = version(DRSN);
        Path corrupt = copy(RESNET, "corrupt");
        byte[] params = Files.readAllBytes(corrupt.resolve(ModelArtifact.PARAMETERS_FILE));
        params[params.length / 2] ^= 0x5A;
        Files.write(corrupt.resolve(ModelArtifact.PARAMETERS_FILE), params);
        Path otherRate = copy(RESNET, "other-rate");
        Path json = otherRate.resolve(ModelArtifact.METADATA_FILE);
        Files.writeString(
                json,
                Files.readString(json, StandardCharsets.UTF_8)
                        .replace("\"sampleRateHz\": 12800.0", "\"sampleRateHz\": 25600.0"),
                StandardCharsets.UTF_8);
        assertThat(ModelArtifact.verify(otherRate).sampleRateHz()).isEqualTo(25600.0);
        ModelMetadata resnet = ModelArtifact.verify(RESNET);

        List<ModelControlRecord> commands =
                List.of(
                        deploy("corrupt", corrupt, resnet.version(), resnet.parametersSha256()),
                        deploy("missing", temp.resolve("no-such-model"), "x", "00"),
                        deploy(
                                "other-rate",
                                otherRate,
                                resnet.version(),
                                resnet.parametersSha256()),
                        deploy("wrong-sha", RESNET, resnet.version(), "ab".repeat(32)),
                        deploy("wrong-version", RESNET, "resnet-9.9.9", resnet.parametersSha256()),
                        command("promote", ModelCommandKind.PROMOTE),
                        command("rollback", ModelCommandKind.ROLLBACK));
        List<SampleWindow> windows = windows(BATCH, 12);
        try (var harness = harness()) {
            for (ModelControlRecord command : commands) {
                harness.processElement2(new StreamRecord<>(command));
            }
            List<ModelStatusEvent> events = new ArrayList<>();
            harness.getSideOutput(ModelStatusEvent.SIDE_OUTPUT)
                    .forEach(r -> events.add(r.getValue()));
            assertThat(events).extracting(e -> e.outcome).containsOnly(ModelOutcome.REJECTED);
            Map<String, String> reasons = new HashMap<>();
            events.forEach(e -> reasons.put(e.commandId, e.reason));
            assertThat(reasons).hasSize(commands.size());
            assertThat(reasons.get("corrupt")).startsWith("CHECKSUM_MISMATCH");
            assertThat(reasons.get("missing")).startsWith("MISSING_DIRECTORY");
            assertThat(reasons.get("other-rate")).startsWith("INCOMPATIBLE").contains("25600.0 Hz");
            assertThat(reasons.get("wrong-sha"))
                    .startsWith("CHECKSUM_MISMATCH")
                    .contains("ab".repeat(32));
            assertThat(reasons.get("wrong-version")).startsWith("VERSION_MISMATCH");
            assertThat(reasons.get("promote")).isEqualTo("no shadow model to promote");
            assertThat(reasons.get("rollback")).isEqualTo("no previous version to roll back to");

            for (int i = 0; i < windows.size(); i++) {
                harness.processElement1(windows.get(i), i);
            }
            List<ScoringResult> scores = values(harness.extractOutputStreamRecords());
            assertThat(scores).hasSize(windows.size());
            for (int i = 0; i < windows.size(); i++) {
                assertScoredBy(drsn, windows.get(i), scores.get(i));
            }
        }
    }

    @Test
    void aShadowScoresTheSameWindowsUntilPromotedAndRollbackReturnsToThePreviousModel()
            throws Exception {
        String drsn = version(DRSN);
        String resnet = version(RESNET);
        List<SampleWindow> first = windows(2 * BATCH, 13);
        List<SampleWindow> second = windows(BATCH, 14);
        List<SampleWindow> third = windows(BATCH, 15);
        try (var harness = harness()) {
            harness.processElement2(new StreamRecord<>(shadow("s-1", RESNET)));
            for (int i = 0; i < first.size(); i++) {
                harness.processElement1(first.get(i), i);
            }
            List<ScoringResult> active = values(harness.extractOutputStreamRecords());
            List<ScoringResult> shadowed = new ArrayList<>();
            harness.getSideOutput(BatchScoringOperator.SHADOW_SCORES)
                    .forEach(r -> shadowed.add(r.getValue()));
            assertThat(active).hasSize(first.size());
            assertThat(shadowed).as("a shadow score for every window").hasSize(first.size());
            for (int i = 0; i < first.size(); i++) {
                assertScoredBy(drsn, first.get(i), active.get(i));
                assertScoredBy(resnet, first.get(i), shadowed.get(i));
            }

            harness.processElement2(new StreamRecord<>(command("p-1", ModelCommandKind.PROMOTE)));
            for (int i = 0; i < second.size(); i++) {
                harness.processElement1(second.get(i), i);
            }
            harness.processElement2(new StreamRecord<>(command("r-1", ModelCommandKind.ROLLBACK)));
            for (int i = 0; i < third.size(); i++) {
                harness.processElement1(third.get(i), i);
            }
            List<ScoringResult> after = values(harness.extractOutputStreamRecords());
            assertThat(after).hasSize(first.size() + second.size() + third.size());
            for (int i = 0; i < second.size(); i++) {
                assertScoredBy(resnet, second.get(i), after.get(first.size() + i));
            }
            for (int i = 0; i < third.size(); i++) {
                assertScoredBy(drsn, third.get(i), after.get(first.size() + second.size() + i));
            }
            assertThat(harness.getSideOutput(BatchScoringOperator.SHADOW_SCORES))
                    .as("no shadow after the promotion")
                    .hasSize(first.size());
            assertThat(outcomes(harness))
                    .containsExactly(
                            "s-1 ACCEPTED " + resnet,
                            "s-1 SHADOWING " + resnet,
                            "p-1 ACTIVE " + resnet,
                            "r-1 ACTIVE " + drsn);
        }
    }

    @Test
    void aRestoreComesBackWithTheDeployedAndShadowModelsNotTheCommandLinesOne() throws Exception {
        String drsn = version(DRSN);
        String resnet = version(RESNET);
        String candidate = version(CANDIDATE);
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.processElement2(new StreamRecord<>(deploy("d-1", RESNET)));
            harness.processElement2(new StreamRecord<>(shadow("s-1", CANDIDATE)));
            snapshot = harness.snapshot(1L, 1L);
        }
        List<SampleWindow> windows = windows(BATCH, 16);
        try (var restored = harness(snapshot)) {
            assertThat(outcomes(restored))
                    .containsExactly("restore ACTIVE " + resnet, "restore SHADOWING " + candidate);
            for (int i = 0; i < windows.size(); i++) {
                restored.processElement1(windows.get(i), i);
            }
            List<ScoringResult> scores = values(restored.extractOutputStreamRecords());
            List<ScoringResult> shadowed = new ArrayList<>();
            restored.getSideOutput(BatchScoringOperator.SHADOW_SCORES)
                    .forEach(r -> shadowed.add(r.getValue()));
            for (int i = 0; i < windows.size(); i++) {
                assertScoredBy(resnet, windows.get(i), scores.get(i));
                assertScoredBy(candidate, windows.get(i), shadowed.get(i));
            }
            // The previous version came back too.
            restored.processElement2(new StreamRecord<>(command("r-1", ModelCommandKind.ROLLBACK)));
            assertThat(outcomes(restored)).endsWith("r-1 ACTIVE " + drsn);
        }
    }

    private static void assertScoredBy(String version, SampleWindow window, ScoringResult score) {
        assertThat(score.sensorId).isEqualTo(window.sensorId);
        assertThat(score.modelVersion).as("model of %s", window.sensorId).isEqualTo(version);
        ScoreResult alone = SCORERS.get(version).score(window.samples);
        assertThat(score.label).isEqualTo(alone.label());
        assertThat(score.anomalyScore).isCloseTo(alone.anomalyScore(), within(1e-4f));
        for (int c = 0; c < alone.probabilities().length; c++) {
            assertThat(score.probabilities[c]).isCloseTo(alone.probabilities()[c], within(1e-4f));
        }
    }

    private static List<String> outcomes(
            TwoInputStreamOperatorTestHarness<SampleWindow, ModelControlRecord, ScoringResult>
                    harness) {
        List<String> outcomes = new ArrayList<>();
        var events = harness.getSideOutput(ModelStatusEvent.SIDE_OUTPUT);
        if (events != null) {
            events.forEach(
                    r ->
                            outcomes.add(
                                    r.getValue().commandId
                                            + " "
                                            + r.getValue().outcome
                                            + " "
                                            + r.getValue().version));
        }
        return outcomes;
    }

    private static List<ScoringResult> values(List<StreamRecord<? extends ScoringResult>> records) {
        List<ScoringResult> values = new ArrayList<>();
        records.forEach(r -> values.add(r.getValue()));
        return values;
    }

    private static String version(Path dir) {
        return BY_VERSION.entrySet().stream()
                .filter(e -> e.getValue().equals(dir))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    private static ModelControlRecord deploy(String id, Path dir) throws Exception {
        ModelMetadata metadata = ModelArtifact.verify(dir);
        return deploy(id, dir, metadata.version(), metadata.parametersSha256());
    }

    private static ModelControlRecord deploy(String id, Path dir, String version, String sha256) {
        return ModelControlRecord.command(
                id, ModelCommandKind.DEPLOY, version, dir.toUri().toString(), sha256);
    }

    private static ModelControlRecord shadow(String id, Path dir) throws Exception {
        ModelMetadata metadata = ModelArtifact.verify(dir);
        return ModelControlRecord.command(
                id,
                ModelCommandKind.SHADOW,
                metadata.version(),
                dir.toUri().toString(),
                metadata.parametersSha256());
    }

    private static ModelControlRecord command(String id, ModelCommandKind kind) {
        return ModelControlRecord.command(id, kind, null, null, null);
    }

    private static Path copy(Path dir, String name) throws Exception {
        Path copy = Files.createDirectories(temp.resolve(name));
        for (String file : List.of(ModelArtifact.METADATA_FILE, ModelArtifact.PARAMETERS_FILE)) {
            Files.copy(dir.resolve(file), copy.resolve(file));
        }
        return copy;
    }

    private static TwoInputStreamOperatorTestHarness<
                    SampleWindow, ModelControlRecord, ScoringResult>
            harness() throws Exception {
        return harness(null);
    }

    private static TwoInputStreamOperatorTestHarness<
                    SampleWindow, ModelControlRecord, ScoringResult>
            harness(OperatorSubtaskState restore) throws Exception {
        var operator =
                new BatchScoringOperator(
                        DRSN.toString(),
                        BATCH,
                        60_000,
                        0.5f,
                        ScoringJobOptions.DeviceSetting.CPU,
                        1);
        var harness = new TwoInputStreamOperatorTestHarness<>(operator);
        if (restore != null) {
            harness.initializeState(restore);
        }
        harness.open();
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        return harness;
    }

    /** Windows of noise and a tone, different per index, so that the models' scores differ. */
    private static List<SampleWindow> windows(int count, long seed) {
        Random random = new Random(seed);
        List<SampleWindow> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SampleWindow window = new SampleWindow();
            window.machineId = "m";
            window.sensorId = "s" + seed + "-" + i;
            window.firstSeq = 8L * i;
            window.lastSeq = 8L * i + 7;
            window.startMicros = 160_000L * i;
            window.endMicros = window.startMicros + 160_000L;
            window.samples = new float[2048];
            double amplitude = 0.05 + random.nextDouble();
            double tone = 100 + random.nextInt(3000);
            for (int t = 0; t < window.samples.length; t++) {
                window.samples[t] =
                        (float)
                                (amplitude * random.nextGaussian()
                                        + Math.sin(2 * Math.PI * tone * t / 12_800.0));
            }
            windows.add(window);
        }
        return windows;
    }
}
