package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.testing.RepositoryLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code evaluate --data} and {@code calibrate --data} with the committed model: windows read
 * from a data set file score exactly as the same windows simulated in place (clean and with the
 * same seeded noise), a file of another window length is refused, and a calibration on a file
 * stores its threshold and provenance.
 */
class EvaluateDataTest {

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private JsonObject json(String... args) {
        assertThat(run(args)).as(err.toString()).isZero();
        return JsonParser.parseString(out.toString()).getAsJsonObject();
    }

    @Test
    void aFilesWindowsScoreAsTheSameWindowsSimulated() {
        String model = RepositoryLayout.committedModel().toString();
        Path data = tmp.resolve("grid.drsnsim");
        // The evaluation's default grid (3 speeds x 3 loads, severity 0.5-1), one window each.
        assertThat(
                        run(
                                "generate",
                                "--out",
                                data.toString(),
                                "--windows-per-combination",
                                "1",
                                "--seed",
                                "77"))
                .as(err.toString())
                .isZero();
        for (String[] noise : new String[][] {{"none", "0"}, {"gaussian", "-6"}}) {
            JsonObject fromFile =
                    json(
                            "evaluate",
                            "--model",
                            model,
                            "--data",
                            data.toString(),
                            "--seed",
                            "77",
                            "--noise",
                            noise[0],
                            "--snr",
                            noise[1],
                            "--json");
            JsonObject simulated =
                    json(
                            "evaluate",
                            "--model",
                            model,
                            "--per-class",
                            "9",
                            "--seed",
                            "77",
                            "--noise",
                            noise[0],
                            "--snr",
                            noise[1],
                            "--json");
            assertThat(fromFile.get("windows").getAsInt()).isEqualTo(72);
            assertThat(fromFile.get("confusionMatrix")).isEqualTo(simulated.get("confusionMatrix"));
            assertThat(fromFile.get("accuracy")).isEqualTo(simulated.get("accuracy"));
            assertThat(fromFile.get("data").getAsString()).isEqualTo(data.toString());
        }
        JsonObject clean = json("evaluate", "--model", model, "--data", data.toString(), "--json");
        JsonObject noisy =
                json(
                        "evaluate",
                        "--model",
                        model,
                        "--data",
                        data.toString(),
                        "--noise",
                        "pink",
                        "--snr",
                        "-8",
                        "--json");
        assertThat(noisy.get("meanShrinkage")).isNotEqualTo(clean.get("meanShrinkage"));
    }

    @Test
    void aFileOfAnotherWindowLengthIsRefused() {
        Path data = tmp.resolve("short.drsnsim");
        assertThat(
                        run(
                                "generate",
                                "--out",
                                data.toString(),
                                "--windows-per-combination",
                                "1",
                                "--window-length",
                                "1024"))
                .isZero();
        assertThat(
                        run(
                                "evaluate",
                                "--model",
                                RepositoryLayout.committedModel().toString(),
                                "--data",
                                data.toString()))
                .isEqualTo(1);
        assertThat(err.toString()).contains("short.drsnsim").contains("1024").contains("2048");
    }

    @Test
    void calibrateOnAFileStoresItsThresholdAndWhereItCameFrom() throws Exception {
        Path model = tmp.resolve("model");
        Files.createDirectories(model);
        try (var files = Files.list(RepositoryLayout.committedModel())) {
            for (Path f : files.toList()) {
                Files.copy(f, model.resolve(f.getFileName()));
            }
        }
        Path data = tmp.resolve("calibration.drsnsim");
        assertThat(
                        run(
                                "generate",
                                "--out",
                                data.toString(),
                                "--windows-per-combination",
                                "3",
                                "--seed",
                                "5"))
                .isZero();
        assertThat(
                        run(
                                "calibrate",
                                "--model",
                                model.toString(),
                                "--data",
                                data.toString(),
                                "--noise",
                                "none"))
                .as(err.toString())
                .isZero();
        var meta = ModelArtifact.verify(model);
        assertThat(meta.anomalyThreshold()).isPresent();
        String json = Files.readString(model.resolve("model.json"));
        assertThat(json)
                .contains("the recorded windows of calibration.drsnsim")
                .contains("HEALTHY 27");
        // The threshold lets at most 2 % of the 27 healthy windows through: none.
        JsonObject healthy =
                json("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertThat(healthy.get("falseAlarmRate").getAsDouble()).isZero();
    }

    @Test
    void figuresUndefinedForFaultsOnlyAreLeftOutNotZero() throws Exception {
        // One second of a recorded "ball fault" (noise; the label is what matters here).
        StringBuilder csv = new StringBuilder("acc\n");
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 12800; i++) {
            csv.append(r.nextGaussian()).append('\n');
        }
        Files.writeString(tmp.resolve("ball.csv"), csv);
        Path manifest = tmp.resolve("ball.json");
        Files.writeString(
                manifest,
                "{\"recordings\": [{\"file\": \"ball.csv\", \"sampleRateHz\": 12800,"
                        + " \"sensors\": [\"acc\"], \"unit\": \"g\", \"machine\": \"m\","
                        + " \"labels\": [{\"from\": 0, \"to\": 1, \"label\": \"BALL\"}]}]}");
        Path data = tmp.resolve("ball.drsnsim");
        String model = RepositoryLayout.committedModel().toString();
        assertThat(
                        run(
                                "import",
                                "--manifest",
                                manifest.toString(),
                                "--model",
                                model,
                                "--out",
                                data.toString()))
                .as(err.toString())
                .isZero();
        JsonObject result = json("evaluate", "--model", model, "--data", data.toString(), "--json");
        assertThat(result.get("windows").getAsInt()).isEqualTo(6);
        assertThat(result.has("falseAlarmRate")).isFalse();
        assertThat(result.has("rocAuc")).isFalse();
        assertThat(result.has("detectionRate")).isTrue();
    }
}
