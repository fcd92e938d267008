package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.testing.RepositoryLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train --init}: fine-tuning from an artifact, with its provenance in model.json. */
class FineTuneCommandTest {

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

    private Path generate(String name, int windowLength) {
        Path file = tmp.resolve(name);
        assertThat(
                        run(
                                "generate",
                                "--out",
                                file.toString(),
                                "--windows-per-combination",
                                "3",
                                "--speeds",
                                "30",
                                "--loads",
                                "0.5",
                                "--window-length",
                                "" + windowLength,
                                "--seed",
                                "5"))
                .as(err.toString())
                .isZero();
        return file;
    }

    private Path trainBase(Path data) {
        Path base = tmp.resolve("base");
        assertThat(
                        run(
                                "train",
                                "--arch",
                                "drsn-cw",
                                "--widths",
                                "4,8",
                                "--units-per-stage",
                                "1",
                                "--data",
                                data.toString(),
                                "--out",
                                base.toString(),
                                "--epochs",
                                "1",
                                "--batch",
                                "8",
                                "--eval-snrs",
                                "0",
                                "--no-progress",
                                "--version",
                                "base-1"))
                .as(err.toString())
                .isZero();
        return base;
    }

    @Test
    void fineTunedArtifactRecordsItsParentMixAndLabels() throws Exception {
        Path data = generate("data.drsnsim", 256);
        Path base = trainBase(data);
        ModelMetadata parent = ModelArtifact.verify(base);
        Path child = tmp.resolve("child");
        int code =
                run(
                        "train",
                        "--init",
                        base.toString(),
                        "--freeze-units",
                        "1",
                        "--data",
                        data.toString(),
                        "--labels",
                        "healthy,BALL",
                        "--sim-ratio",
                        "2",
                        "--out",
                        child.toString(),
                        "--epochs",
                        "1",
                        "--batch",
                        "8",
                        "--eval-snrs",
                        "0",
                        "--no-progress");
        assertThat(code).as(err.toString()).isZero();
        assertThat(err.toString())
                .contains("fine-tuning base-1 from " + base)
                .contains("stem and first 1 units frozen");
        ModelMetadata tuned = ModelArtifact.verify(child);
        assertThat(tuned.network()).isEqualTo(parent.network());
        JsonObject training =
                JsonParser.parseString(Files.readString(child.resolve("model.json")))
                        .getAsJsonObject()
                        .getAsJsonObject("training");
        JsonObject p = training.getAsJsonObject("parent");
        assertThat(p.get("version").getAsString()).isEqualTo("base-1");
        assertThat(p.get("parametersSha256").getAsString()).isEqualTo(parent.parametersSha256());
        assertThat(p.get("frozenUnits").getAsInt()).isEqualTo(1);
        assertThat(training.getAsJsonArray("labels").toString())
                .isEqualTo("[\"HEALTHY\",\"BALL\"]");
        // The file's windows of the two labels (2 x 3) and the simulated ones, of those labels
        // only: about 2 per file window.
        JsonObject mix = training.getAsJsonObject("simulatedMix");
        assertThat(mix.get("ratio").getAsDouble()).isEqualTo(2.0);
        assertThat(mix.get("states").getAsJsonArray().toString())
                .isEqualTo("[\"HEALTHY\",\"BALL\"]");
        JsonObject d = training.getAsJsonObject("data");
        assertThat(d.get("trainWindows").getAsInt() + d.get("holdoutWindows").getAsInt())
                .isEqualTo(6 + mix.get("windows").getAsInt());
        assertThat(mix.get("windows").getAsInt()).isBetween(40, 60);
        assertThat(d.get("source").getAsString()).isEqualTo(data.toString());
    }

    @Test
    void dataOfAnotherWindowLengthThanTheParentsIsRefusedInOneLine() {
        Path base = trainBase(generate("data.drsnsim", 256));
        Path other = generate("other.drsnsim", 128);
        int code =
                run(
                        "train",
                        "--init",
                        base.toString(),
                        "--data",
                        other.toString(),
                        "--out",
                        tmp.resolve("x").toString(),
                        "--epochs",
                        "1");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip())
                .contains("windows of 128 samples")
                .contains("takes 256")
                .contains("import with --model");
    }

    @Test
    void fineTuningOptionsAreChecked() {
        assertThat(run("train", "--arch", "drsn-cw", "--out", "x", "--freeze-units", "1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--freeze-units needs --init");
        assertThat(run("train", "--out", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--arch").contains("--init");
        assertThat(run("train", "--arch", "drsn-cw", "--out", "x", "--labels", "wobbly"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("unknown label 'wobbly'");
        assertThat(run("train", "--arch", "drsn-cw", "--out", "x", "--sim-ratio", "1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--sim-ratio needs --data");
        assertThat(
                        run(
                                "train",
                                "--init",
                                RepositoryLayout.committedModel().toString(),
                                "--arch",
                                "resnet",
                                "--out",
                                "x"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("contradicts --init");
    }
}
