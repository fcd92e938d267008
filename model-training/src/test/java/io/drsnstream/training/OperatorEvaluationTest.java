package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.drsn.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's metrics, the threshold calibration and the evaluation sweep through the CLI. */
class OperatorEvaluationTest {

    @TempDir Path tmp;

    @Test
    void rocAucCountsOrderedPairsAndHalfTheTies() {
        assertThat(OperatorMetrics.rocAuc(new double[] {0.1, 0.2}, new double[] {0.3, 0.4}))
                .isEqualTo(1.0);
        assertThat(OperatorMetrics.rocAuc(new double[] {0.3, 0.4}, new double[] {0.1, 0.2}))
                .isEqualTo(0.0);
        // Pairs: (0.1,0.2) win, (0.1,0.5) win, (0.5,0.2) lose, (0.5,0.5) tie -> 2.5 / 4.
        assertThat(OperatorMetrics.rocAuc(new double[] {0.1, 0.5}, new double[] {0.2, 0.5}))
                .isEqualTo(0.625);
        assertThat(OperatorMetrics.rocAuc(new double[0], new double[] {1})).isNaN();
    }

    @Test
    void macroF1AveragesThePerClassF1() {
        // Class 0: tp 2, fn 0, fp 1 -> F1 0.8; class 1: tp 1, fn 1, fp 0 -> F1 2/3.
        int[][] confusion = {{2, 0}, {1, 1}};
        assertThat(OperatorMetrics.macroF1(confusion))
                .isCloseTo((0.8 + 2.0 / 3) / 2, within(1e-12));
    }

    @Test
    void spearmanIsRankBased() {
        assertThat(
                        OperatorMetrics.spearman(
                                new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 1000}))
                .isEqualTo(1.0);
        assertThat(OperatorMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}))
                .isEqualTo(-1.0);
        assertThat(OperatorMetrics.spearman(new double[] {1, 2, 3}, new double[] {5, 5, 5}))
                .isNaN();
    }

    @Test
    void theCalibratedThresholdFlagsAtMostTheStatedShareOfHealthyWindows() {
        double[] scores = new double[200];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i * 37 % 200) / 200.0;
        }
        for (double rate : new double[] {0.01, 0.02, 0.05, 0.15}) {
            double t = CalibrateCommand.thresholdFor(scores, rate);
            long flagged = java.util.Arrays.stream(scores).filter(s -> s >= t).count();
            assertThat(flagged)
                    .as("rate %s", rate)
                    .isEqualTo((long) Math.floor(rate * scores.length));
        }
    }

    @Test
    void calibrateStoresTheThresholdAndTheSweepReportsEveryConditionAgainstABaseline()
            throws Exception {
        Path model = tmp.resolve("model");
        EndToEndTest.Result trained =
                EndToEndTest.run(
                        "train",
                        "--arch",
                        "drsn-cw",
                        "--out",
                        model.toString(),
                        "--operating-points",
                        "continuous",
                        "--healthy-weight",
                        "2",
                        "--windows-per-combination",
                        "6",
                        "--window-length",
                        "512",
                        "--epochs",
                        "2",
                        "--batch",
                        "16",
                        "--units-per-stage",
                        "1",
                        "--noise",
                        "mixed",
                        "--snr-min",
                        "-8",
                        "--snr-max",
                        "20",
                        "--eval-snrs",
                        "0",
                        "--seed",
                        "4",
                        "--no-progress");
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(model.resolve("checkpoint")).doesNotExist();
        ModelMetadata meta = ModelMetadata.fromJson(Files.readString(model.resolve("model.json")));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) meta.training().get("data");
        assertThat(data)
                .containsEntry("operatingPoints", "continuous")
                .containsEntry("windows", 54L);
        assertThat(meta.anomalyThreshold()).isEmpty();

        EndToEndTest.Result calibrated =
                EndToEndTest.run(
                        "calibrate",
                        "--model",
                        model.toString(),
                        "--per-class",
                        "12",
                        "--false-alarm-rate",
                        "0.1");
        assertThat(calibrated.code()).as(calibrated.err()).isZero();
        meta = ModelMetadata.fromJson(Files.readString(model.resolve("model.json")));
        assertThat(meta.anomalyThreshold()).isPresent();
        assertThat(meta.thresholdCalibration())
                .containsEntry("seed", 1004L)
                .containsEntry("targetFalseAlarmRate", 0.1);
        assertThat(((Number) meta.thresholdCalibration().get("falseAlarmRate")).doubleValue())
                .isLessThanOrEqualTo(0.1);

        Path report = tmp.resolve("report");
        EndToEndTest.Result swept =
                EndToEndTest.run(
                        "evaluate",
                        "--model",
                        model.toString(),
                        "--sweep",
                        "--operating-points",
                        "off-grid",
                        "--per-class",
                        "8",
                        "--snrs",
                        "-5,5",
                        "--baseline",
                        model.toString(),
                        "--report",
                        report.toString(),
                        "--store",
                        "--json");
        assertThat(swept.code()).as(swept.err()).isZero();
        JsonObject json = JsonParser.parseString(swept.out()).getAsJsonObject();
        JsonObject results = json.getAsJsonObject("model").getAsJsonObject("results");
        assertThat(results.keySet()).containsExactly("clean", "gaussian", "laplacian", "pink");
        assertThat(results.getAsJsonObject("pink").keySet()).containsExactly("-5", "5");
        JsonObject cell = results.getAsJsonObject("gaussian").getAsJsonObject("-5");
        assertThat(cell.keySet())
                .contains("accuracy", "macroF1", "falseAlarmRate", "detectionRate", "rocAuc");
        assertThat(cell.get("windows").getAsInt()).isEqualTo(64);
        assertThat(json.getAsJsonObject("model").get("thresholdSource").getAsString())
                .contains("calibrated");
        assertThat(
                        json.getAsJsonObject("model")
                                .getAsJsonObject("noiseIndicatorSpearmanWithSnr")
                                .keySet())
                .containsExactly("gaussian", "laplacian", "pink");
        // The noise level comes from the raw window, so it ranks SNRs even with this untrained
        // model.
        JsonObject gaussianIndicators =
                json.getAsJsonObject("model")
                        .getAsJsonObject("noiseIndicatorSpearmanWithSnr")
                        .getAsJsonObject("gaussian");
        assertThat(gaussianIndicators.keySet()).containsExactly("noiseLevel", "shrinkage");
        assertThat(gaussianIndicators.get("noiseLevel").getAsDouble()).isLessThan(-0.8);
        assertThat(json.getAsJsonObject("baseline")).isNotNull();
        assertThat(report.resolve("report.md")).content().contains("## Targets").contains("minus");
        for (String png :
                new String[] {
                    "accuracy-vs-snr.png", "false-alarms-vs-snr.png", "accuracy-speed-snr.png"
                }) {
            assertThat(Files.size(report.resolve(png))).isPositive();
        }
        meta = ModelMetadata.fromJson(Files.readString(model.resolve("model.json")));
        assertThat(meta.evaluation()).containsKey("operator");
        assertThat(meta.anomalyThreshold()).isPresent();
    }
}
