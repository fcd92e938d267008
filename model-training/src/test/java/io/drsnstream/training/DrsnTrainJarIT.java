package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.testing.RepositoryLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged {@code drsn-train.jar} as a user would: {@code java -jar} in a fresh process
 * without {@code -Dai.djl.offline} or any classpath (the launcher sets offline mode itself).
 */
class DrsnTrainJarIT {

    @TempDir Path tmp;

    record Result(int exitCode, String out, String err) {}

    private static Path jar() {
        Path jar = RepositoryLayout.root().resolve("model-training/target/drsn-train.jar");
        assertThat(jar).as("run `./mvnw package` first").isRegularFile();
        return jar;
    }

    private Result run(boolean avx2, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        // The tests' DJL cache, so the natives are not extracted once more.
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            command.add("-DDJL_CACHE_DIR=" + cache);
        }
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().remove("ONEDNN_MAX_CPU_ISA");
        if (avx2) {
            pb.environment().put("ONEDNN_MAX_CPU_ISA", "AVX2");
        }
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("drsn-train " + String.join(" ", args) + " ran over 5 min");
        }
        return new Result(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() throws Exception {
        Result r = run(true, "--help");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Usage: drsn-train")
                .contains("generate")
                .contains("train")
                .contains("evaluate");
    }

    @Test
    void versionComesFromTheJarManifest() throws Exception {
        Result r = run(true, "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("drsn-train 0.").doesNotContain("development build");
    }

    @Test
    void badArgumentsGiveOneLineAndExitCode2() throws Exception {
        Result r = run(true, "train", "--arch", "nonsense", "--out", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("(try --help)");
    }

    @Test
    void evaluatesTheCommittedModelOffline() throws Exception {
        Result r =
                run(
                        true,
                        "evaluate",
                        "--model",
                        RepositoryLayout.committedModel().toString(),
                        "--per-class",
                        "3",
                        "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertThat(json.toString()).contains("accuracy");
    }

    @Test
    void trainsATinyModelAndAdvisesOnOneDnnWhenUnset() throws Exception {
        Path data = tmp.resolve("tiny.drsnsim");
        Result g =
                run(
                        false,
                        "generate",
                        "--out",
                        data.toString(),
                        "--windows-per-combination",
                        "2",
                        "--speeds",
                        "30",
                        "--loads",
                        "0.5",
                        "--window-length",
                        "256");
        assertThat(g.exitCode()).as(g.err()).isZero();
        Path model = tmp.resolve("model");
        Result t =
                run(
                        false,
                        "train",
                        "--arch",
                        "drsn-cw",
                        "--data",
                        data.toString(),
                        "--out",
                        model.toString(),
                        "--epochs",
                        "1",
                        "--batch",
                        "8",
                        "--eval-snrs",
                        "0",
                        "--no-progress");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(model.resolve("model.json")).isRegularFile();
        assertThat(model.resolve("model.params")).isRegularFile();
        assertThat(t.err()).contains("ONEDNN_MAX_CPU_ISA is not set");
    }
}
