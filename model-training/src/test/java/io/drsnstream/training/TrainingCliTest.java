package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class TrainingCliTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir Path tmp;

    private int run(String... args) {
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void assertOneLineError(String startsWith) {
        assertThat(err.toString().strip())
                .startsWith(startsWith)
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void helpDescribesTheTool() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: drsn-train")
                .contains("--version")
                .contains("generate")
                .contains("train")
                .contains("evaluate")
                .contains("reproduce");
    }

    @ParameterizedTest
    @ValueSource(strings = {"generate", "train", "evaluate", "reproduce"})
    void everySubcommandHasHelp(String command) {
        assertThat(run(command, "--help")).isZero();
        assertThat(out.toString())
                .contains("Usage: drsn-train " + command)
                .contains("--help")
                .doesNotContain("%n")
                .doesNotContain("%%");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void trainHelpNamesTheRecipeOptions() {
        assertThat(run("train", "--help")).isZero();
        assertThat(out.toString())
                .contains("--arch")
                .contains("--out")
                .contains("--data")
                .contains("--windows-per-combination")
                .contains("--epochs")
                .contains("--lr")
                .contains("--batch")
                .contains("--noise")
                .contains("--snr-min")
                .contains("--snr-max")
                .contains("--clean-share")
                .contains("--seed")
                .contains("--version")
                .contains("--holdout")
                .contains("at 40 %/80 % of the epochs");
    }

    @Test
    void unknownOptionIsOneLineWithExitCode2() {
        assertThat(run("--frobnicate")).isEqualTo(2);
        assertOneLineError("drsn-train: Unknown option: '--frobnicate'");
    }

    @Test
    void unknownArchitectureIsOneLineWithExitCode2() {
        assertThat(run("train", "--arch", "lenet", "--out", tmp.resolve("m").toString()))
                .isEqualTo(2);
        assertOneLineError("drsn-train train: Invalid value for option '--arch'");
        assertThat(err.toString()).contains("lenet").contains("drsn-cw");
    }

    @Test
    void negativeEpochsIsOneLineWithExitCode2() {
        assertThat(
                        run(
                                "train",
                                "--arch",
                                "resnet",
                                "--out",
                                tmp.resolve("m").toString(),
                                "--epochs",
                                "-3"))
                .isEqualTo(2);
        assertOneLineError("drsn-train train: --epochs must be positive, got -3");
        assertThat(tmp.resolve("m")).doesNotExist();
    }

    @Test
    void missingOutIsOneLineWithExitCode2() {
        assertThat(run("train", "--arch", "drsn-cw")).isEqualTo(2);
        assertOneLineError("drsn-train train: Missing required option: '--out=DIR'");
    }

    @Test
    void unknownNoiseIsOneLineWithExitCode2() {
        assertThat(run("train", "--arch", "drsn-cw", "--out", "x", "--noise", "brown"))
                .isEqualTo(2);
        assertOneLineError("drsn-train train: Invalid value for option '--noise'");
    }

    @Test
    void badCleanShareIsOneLineWithExitCode2() {
        assertThat(
                        run(
                                "train",
                                "--arch",
                                "drsn-cw",
                                "--out",
                                "x",
                                "--noise",
                                "pink",
                                "--clean-share",
                                "1.5"))
                .isEqualTo(2);
        assertOneLineError("drsn-train train: --clean-share must be in [0, 1]");
    }

    @Test
    void reproduceRejectsMixedNoise() {
        assertThat(run("reproduce", "--out", tmp.toString(), "--noise", "gaussian,mixed"))
                .isEqualTo(2);
        assertOneLineError("drsn-train reproduce: --noise takes gaussian, laplacian or pink");
    }

    @Test
    void evaluatingAMissingModelIsOneLineWithExitCode1() {
        Path missing = tmp.resolve("no-such-model");
        assertThat(run("evaluate", "--model", missing.toString())).isEqualTo(1);
        assertOneLineError(
                "drsn-train evaluate: Cannot load model: Model directory does not exist: "
                        + missing);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void evaluatingADirectoryWithoutModelIsOneLineWithExitCode1() {
        assertThat(run("evaluate", "--model", tmp.toString(), "--json")).isEqualTo(1);
        assertOneLineError("drsn-train evaluate: Cannot load model: Missing model.json");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void trainingOnAMissingDataFileIsOneLineWithExitCode1() {
        Path missing = tmp.resolve("nothing.drsnsim");
        assertThat(
                        run(
                                "train",
                                "--arch",
                                "drsn-cw",
                                "--out",
                                tmp.resolve("m").toString(),
                                "--data",
                                missing.toString()))
                .isEqualTo(1);
        assertOneLineError("drsn-train train: Data set file does not exist: " + missing);
    }
}
