package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.sim.HealthState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Tiny generate -> train -> evaluate round trips through the command line. */
class EndToEndTest {

    @TempDir static Path tmp;

    static Path data;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** 8 states x 1 speed x 1 load x 12 windows of 512 samples. */
    @BeforeAll
    static void generate() {
        data = tmp.resolve("tiny.drsnsim");
        Result r =
                run(
                        "generate",
                        "--out",
                        data.toString(),
                        "--windows-per-combination",
                        "12",
                        "--speeds",
                        "30",
                        "--loads",
                        "0.5",
                        "--window-length",
                        "512",
                        "--seed",
                        "7");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("96 windows of 512 samples");
        assertThat(data).isRegularFile();
    }

    static Result train(Path dir, int seed) {
        return run(
                "train",
                "--arch",
                "drsn-cw",
                "--out",
                dir.toString(),
                "--data",
                data.toString(),
                "--epochs",
                "3",
                "--batch",
                "16",
                "--units-per-stage",
                "1",
                "--holdout",
                "0.25",
                "--noise",
                "mixed",
                "--clean-share",
                "0.3",
                "--seed",
                Integer.toString(seed),
                "--version",
                "tiny-1",
                "--no-progress");
    }

    @Test
    void trainWritesALoadableArtifactWithMetadataAndEvaluateJsonReadsIt() throws Exception {
        Path dir = tmp.resolve("model-a");
        Result trained = train(dir, 11);
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(trained.err()).contains("epoch 1/3").contains("epoch 3/3");
        assertThat(trained.out()).contains("wrote " + dir);

        try (ModelArtifact artifact = ModelArtifact.load(dir, Device.cpu())) {
            ModelMetadata m = artifact.getMetadata();
            assertThat(m.version()).isEqualTo("tiny-1");
            assertThat(m.labels())
                    .containsExactly(
                            Arrays.stream(HealthState.values())
                                    .map(Enum::name)
                                    .toArray(String[]::new));
            assertThat(m.healthyLabel()).isEqualTo("HEALTHY");
            assertThat(m.healthyIndex()).isZero();
            assertThat(m.windowLength()).isEqualTo(512);
            assertThat(m.sampleRateHz()).isEqualTo(12_800.0);
            assertThat(m.normalization()).isEqualTo(InputNormalization.PER_WINDOW_STANDARDIZE);
            assertThat(m.network().architecture()).isEqualTo(Architecture.DRSN_CW);
            assertThat(m.network().inputLength()).isEqualTo(512);
            assertThat(m.network().unitsPerStage()).isEqualTo(1);

            Map<String, Object> t = m.training();
            assertThat((String) t.get("commandLine"))
                    .startsWith("drsn-train train --arch drsn-cw --out " + dir);
            assertThat(t.get("seed")).isEqualTo(11L);
            assertThat(t.get("epochsCompleted")).isEqualTo(3L);
            assertThat(t.get("stopped")).isEqualTo(false);
            assertThat((List<?>) t.get("history")).hasSize(3);
            assertThat(((Number) t.get("samplesPerSecond")).doubleValue()).isPositive();
            assertThat(((Number) t.get("secondsPerEpoch")).doubleValue()).isPositive();
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) t.get("data");
            assertThat(d.get("seed")).isEqualTo(7L);
            assertThat(d.get("trainWindows")).isEqualTo(72L);
            assertThat(d.get("holdoutWindows")).isEqualTo(24L);
            @SuppressWarnings("unchecked")
            Map<String, Object> aug = (Map<String, Object>) t.get("augmentation");
            assertThat(aug).containsEntry("noise", "mixed").containsEntry("cleanShare", 0.3);
            @SuppressWarnings("unchecked")
            Map<String, Object> recipe = (Map<String, Object>) t.get("recipe");
            assertThat(recipe)
                    .containsEntry("momentum", 0.9)
                    .containsEntry("weightDecay", 1.0E-4)
                    .containsEntry("learningRate", 0.1)
                    .containsEntry("batchSize", 16L);

            Map<String, Object> ev = m.evaluation();
            assertThat(ev.get("windows")).isEqualTo(24L);
            assertThat(((Number) ev.get("accuracyClean")).doubleValue()).isBetween(0.0, 1.0);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> bySnr =
                    (Map<String, Map<String, Object>>) ev.get("accuracyBySnrDb");
            assertThat(bySnr).containsOnlyKeys("gaussian", "laplacian", "pink");
            assertThat(bySnr.get("pink")).containsOnlyKeys("-5", "0", "5");
        }

        Result evaluated =
                run(
                        "evaluate",
                        "--model",
                        dir.toString(),
                        "--per-class",
                        "4",
                        "--speeds",
                        "30",
                        "--loads",
                        "0.5",
                        "--noise",
                        "gaussian",
                        "--snr",
                        "0",
                        "--json");
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        JsonElement parsed = JsonParser.parseString(evaluated.out());
        assertThat(parsed.isJsonObject()).isTrue();
        assertThat(evaluated.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
        JsonObject json = parsed.getAsJsonObject();
        assertThat(json.get("accuracy").getAsDouble()).isBetween(0.0, 1.0);
        assertThat(json.get("windows").getAsInt()).isEqualTo(32);
        assertThat(json.get("seed").getAsLong()).isEqualTo(8L);
        assertThat(json.get("version").getAsString()).isEqualTo("tiny-1");
        assertThat(json.getAsJsonObject("recall").keySet())
                .hasSize(8)
                .contains("HEALTHY", "MISSING_TOOTH");
        assertThat(json.getAsJsonArray("confusionMatrix")).hasSize(8);

        Result table =
                run(
                        "evaluate",
                        "--model",
                        dir.toString(),
                        "--per-class",
                        "4",
                        "--speeds",
                        "30",
                        "--loads",
                        "0.5");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("accuracy")
                .contains("recall")
                .contains("SURFACE_PITTING")
                .contains("H    IR    OR     B    RC    SP    BT    MT");
    }

    @Test
    void theSameSeedGivesTheSameModelAndAnotherSeedDoesNot() throws Exception {
        Path a = tmp.resolve("seed-a");
        Path b = tmp.resolve("seed-b");
        Path c = tmp.resolve("seed-c");
        assertThat(train(a, 5).code()).isZero();
        assertThat(train(b, 5).code()).isZero();
        assertThat(train(c, 6).code()).isZero();
        ModelMetadata ma = ModelMetadata.fromJson(Files.readString(a.resolve("model.json")));
        ModelMetadata mb = ModelMetadata.fromJson(Files.readString(b.resolve("model.json")));
        ModelMetadata mc = ModelMetadata.fromJson(Files.readString(c.resolve("model.json")));
        assertThat(mb.parametersSha256()).isEqualTo(ma.parametersSha256());
        assertThat(mb.evaluation()).isEqualTo(ma.evaluation());
        assertThat(mc.parametersSha256()).isNotEqualTo(ma.parametersSha256());
    }
}
