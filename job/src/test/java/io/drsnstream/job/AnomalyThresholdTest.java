package io.drsnstream.job;

import static io.drsnstream.job.config.ScoringJobOptions.BOOTSTRAP_SERVERS;
import static io.drsnstream.job.config.ScoringJobOptions.MODEL_DIR;
import static io.drsnstream.job.config.ScoringJobOptions.SCORING_DEVICE;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.job.config.AnomalyThreshold;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.job.window.SampleWindow;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.SimpleOperatorFactory;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.transformations.TwoInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which anomaly threshold the job flags windows with: {@code --anomaly.threshold} when given,
 * else the calibrated threshold in the model's {@code model.json}, else 0.5. Each case reads a
 * copy of the committed model whose {@code model.json} was rewritten, builds the job's pipeline
 * and runs the scoring operator that pipeline holds on the same windows.
 */
class AnomalyThresholdTest {

    private static final Map<String, Object> CALIBRATION =
            Map.of("split", "calibration", "targetFalseAlarmRate", 0.01);

    /** Windows whose scores with the committed model spread across (0.5, 1). */
    private static List<SampleWindow> windows;

    /** A threshold between two of those scores, well away from each (calibrated models' role). */
    private static double calibrated;

    @TempDir Path temp;

    @BeforeAll
    static void chooseWindowsAndThreshold() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        windows = windows(48, 11);
        List<Float> scores = new ArrayList<>();
        try (ModelArtifact model =
                        ModelArtifact.load(RepositoryLayout.committedModel(), Device.cpu());
                Scorer scorer = model.newScorer()) {
            for (SampleWindow window : windows) {
                ScoreResult result = scorer.score(window.samples);
                scores.add(result.anomalyScore());
            }
        }
        // The midpoint of the widest gap between scores in (0.5, 1): some windows are anomalies
        // at 0.5 but not at the calibrated threshold, some at both.
        List<Float> above = scores.stream().filter(s -> s > 0.5f && s < 1f).sorted().toList();
        assertThat(above)
                .as("scores of the fixture windows in (0.5, 1): %s", scores)
                .hasSizeGreaterThanOrEqualTo(2);
        double widest = -1;
        for (int i = 1; i < above.size(); i++) {
            double gap = above.get(i) - above.get(i - 1);
            if (gap > widest) {
                widest = gap;
                calibrated = (above.get(i) + above.get(i - 1)) / 2.0;
            }
        }
        assertThat(widest)
                .as("gap between the fixture windows' scores %s", above)
                .isGreaterThan(0.01);
    }

    @Test
    void theModelsCalibratedThresholdIsUsedWhenTheSettingIsAbsent() throws Exception {
        ScoringJobConfig config = config(modelWithThreshold(calibrated), Map.of());
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();

        AnomalyThreshold threshold = plan.threshold();

        assertThat(threshold.value()).isEqualTo((float) calibrated);
        assertThat(threshold.source()).isEqualTo(AnomalyThreshold.Source.MODEL);
        assertThat(threshold.detail()).contains(model.version()).contains("targetFalseAlarmRate");
        assertFlagsAt((float) calibrated, scoreWithTheJobsOperator(plan));
    }

    @Test
    void anExplicitSettingWinsOverTheCalibratedThreshold() throws Exception {
        ScoringJobConfig config =
                config(modelWithThreshold(calibrated), Map.of("anomaly.threshold", "0.5"));
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();

        AnomalyThreshold threshold = plan.threshold();

        assertThat(threshold.value()).isEqualTo(0.5f);
        assertThat(threshold.source()).isEqualTo(AnomalyThreshold.Source.SETTING);
        assertThat(threshold.detail())
                .contains("--anomaly.threshold")
                .contains("overriding the calibrated");
        assertFlagsAt(0.5f, scoreWithTheJobsOperator(plan));
    }

    @Test
    void aModelWithoutCalibratedThresholdKeepsTheFallbackOfOneHalf() throws Exception {
        ScoringJobConfig config = config(modelWithThreshold(null), Map.of());
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();

        AnomalyThreshold threshold = plan.threshold();

        assertThat(model.anomalyThreshold()).isEmpty();
        assertThat(threshold.value()).isEqualTo(0.5f);
        assertThat(threshold.source()).isEqualTo(AnomalyThreshold.Source.FALLBACK);
        assertFlagsAt(0.5f, scoreWithTheJobsOperator(plan));
    }

    /** Every window is an anomaly exactly when its score reaches {@code threshold}, and the two thresholds differ here. */
    private static void assertFlagsAt(float threshold, List<ScoringResult> scores) {
        assertThat(scores).hasSize(windows.size());
        for (ScoringResult score : scores) {
            assertThat(score.anomaly)
                    .as(
                            "%s with anomalyScore %s at threshold %s",
                            score.sensorId, score.anomalyScore, threshold)
                    .isEqualTo(score.anomalyScore >= threshold);
        }
        assertThat(scores)
                .as("windows anomalous at 0.5 but not at the calibrated %s", calibrated)
                .anyMatch(s -> s.anomalyScore >= 0.5f && s.anomalyScore < calibrated);
        assertThat(scores)
                .as("windows anomalous at the calibrated %s", calibrated)
                .anyMatch(s -> s.anomalyScore >= calibrated);
    }

    /** Builds the job's pipeline and runs its scoring operator, shipped as Flink would ship it, on the windows. */
    @SuppressWarnings("unchecked")
    private static List<ScoringResult> scoreWithTheJobsOperator(JobPlan plan) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ScoringJob.ScoringStreams streams =
                ScoringJob.buildStreams(ScoringJob.fromKafka(env, plan), plan);
        var transformation =
                (TwoInputTransformation<SampleWindow, ModelControlRecord, ScoringResult>)
                        streams.scores().getTransformation();
        var factory = (SimpleOperatorFactory<ScoringResult>) transformation.getOperatorFactory();
        var operator =
                InstantiationUtil.clone(
                        (TwoInputStreamOperator<SampleWindow, ModelControlRecord, ScoringResult>)
                                factory.getOperator(),
                        AnomalyThresholdTest.class.getClassLoader());
        List<ScoringResult> scores = new ArrayList<>();
        try (var harness = new TwoInputStreamOperatorTestHarness<>(operator)) {
            harness.open();
            harness.processWatermarkStatus2(WatermarkStatus.IDLE);
            for (SampleWindow window : windows) {
                harness.processElement1(window, window.startMicros / 1000);
            }
            harness.prepareSnapshotPreBarrier(1L);
            for (StreamRecord<? extends ScoringResult> record :
                    harness.extractOutputStreamRecords()) {
                scores.add(record.getValue());
            }
        }
        return scores;
    }

    private ScoringJobConfig config(Path modelDir, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(BOOTSTRAP_SERVERS.key(), "127.0.0.1:9092");
        settings.put(MODEL_DIR.key(), modelDir.toString());
        settings.put(SCORING_DEVICE.key(), "cpu");
        settings.putAll(overrides);
        return ScoringJobConfig.fromMap(settings);
    }

    /** A copy of the committed model whose model.json has the given calibrated threshold (or none). */
    private Path modelWithThreshold(Double threshold) throws Exception {
        Path source = RepositoryLayout.committedModel();
        Path copy = Files.createDirectories(temp.resolve("model"));
        Files.copy(
                source.resolve(ModelArtifact.PARAMETERS_FILE),
                copy.resolve(ModelArtifact.PARAMETERS_FILE));
        ModelMetadata metadata =
                ModelMetadata.fromJson(
                                Files.readString(source.resolve(ModelArtifact.METADATA_FILE)))
                        .toBuilder()
                        .setAnomalyThreshold(threshold, threshold == null ? Map.of() : CALIBRATION)
                        .build();
        Files.writeString(copy.resolve(ModelArtifact.METADATA_FILE), metadata.toJson());
        return copy;
    }

    /** Noise and a tone at random levels: windows the model scores anywhere between healthy and faulty. */
    private static List<SampleWindow> windows(int count, long seed) throws Exception {
        int length =
                ModelMetadata.fromJson(
                                Files.readString(
                                        RepositoryLayout.committedModel()
                                                .resolve(ModelArtifact.METADATA_FILE)))
                        .windowLength();
        Random random = new Random(seed);
        List<SampleWindow> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SampleWindow window = new SampleWindow();
            window.machineId = "m";
            window.sensorId = "s" + i;
            window.firstSeq = 8L * i;
            window.lastSeq = 8L * i + 7;
            window.startMicros = 1_000_000L * i;
            window.endMicros = window.startMicros + 160_000L;
            window.samples = new float[length];
            double amplitude = 0.05 + random.nextDouble() * 2;
            double tone = 200 + random.nextInt(3000);
            double toneAmplitude = random.nextDouble() * 2;
            for (int t = 0; t < length; t++) {
                window.samples[t] =
                        (float)
                                (amplitude * random.nextGaussian()
                                        + toneAmplitude
                                                * Math.sin(2 * Math.PI * tone * t / 12_800.0));
            }
            result.add(window);
        }
        return result;
    }
}
