package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The genuine CWRU recordings of {@code ../shared/data/cwru} (beside the repository; skipped with
 * a message where that folder is absent, e.g. a clone without the shared data; {@code
 * -Dcwru.dir=DIR} points elsewhere): the .mat reader on real files, its quirks, and the
 * benchmark's manifests, whose training and test windows must not share a sample.
 */
class CwruDataTest {

    private static Path cwru;

    @TempDir Path tmp;

    @BeforeAll
    static void findData() {
        cwru = locate();
    }

    /** Each test skips, with this message in the report, where the recordings are absent. */
    @BeforeEach
    void needsTheData() {
        assumeTrue(
                cwru != null,
                "skipped: the CWRU recordings are not here (looked for shared/data/cwru/catalog.json "
                        + "beside the repository and in -Dcwru.dir)");
    }

    /** {@code -Dcwru.dir}, else the first {@code shared/data/cwru} beside a folder above. */
    static Path locate() {
        String property = System.getProperty("cwru.dir");
        if (property != null) {
            Path p = Path.of(property);
            return Files.isRegularFile(p.resolve("catalog.json")) ? p : null;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path c = p.resolve("shared/data/cwru");
            if (Files.isRegularFile(c.resolve("catalog.json"))) {
                return c;
            }
        }
        return null;
    }

    /** The repository's root: the folder above holding datasets/cwru. */
    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("datasets/cwru"))
                    && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no datasets/cwru above " + Path.of("").toAbsolutePath());
    }

    private static JsonObject catalogEntry(int number) throws Exception {
        for (JsonElement e : CwruManifestsCommand.readCatalog(cwru.resolve("catalog.json"))) {
            if (e.getAsJsonObject().get("fileNumber").getAsInt() == number) {
                return e.getAsJsonObject();
            }
        }
        throw new IllegalStateException("file " + number + " not in the catalog");
    }

    private static final List<String> DE_CANDIDATES = List.of("X105_DE_time", "X\\d+_DE_time");

    @Test
    void aFaultFileGivesItsDriveEndChannelWhole() throws Exception {
        RecordingSignal s =
                MatRecordingReader.read(cwru.resolve("105.mat"), List.of(DE_CANDIDATES));
        assertThat(s.sources()).containsExactly("X105_DE_time");
        assertThat(s.length()).isEqualTo(catalogEntry(105).get("samples").getAsInt());
        double sum = 0;
        for (float v : s.channels()[0]) {
            sum += v * (double) v;
        }
        double rms = Math.sqrt(sum / s.length());
        // An accelerometer in g on a running rig: neither silence nor a scale error of 1000.
        assertThat(rms).isBetween(0.01, 10.0);
        RecordingSignal fe =
                MatRecordingReader.read(cwru.resolve("105.mat"), List.of(List.of("X105_FE_time")));
        assertThat(fe.channels()[0]).isNotEqualTo(s.channels()[0]);
    }

    @Test
    void files3001To3008FallBackToTheirOnlyDriveEndVariable() throws Exception {
        RecordingSignal s =
                MatRecordingReader.read(
                        cwru.resolve("3001.mat"),
                        List.of(List.of("X3001_DE_time", "X\\d+_DE_time")));
        assertThat(s.sources()).containsExactly("X056_DE_time");
        assertThat(s.length()).isEqualTo(catalogEntry(3001).get("samples").getAsInt());
    }

    @Test
    void aMissingChannelOfAGenuineFileIsNamed() {
        // 3001-3008 have no fan-end channel.
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () ->
                                MatRecordingReader.read(
                                        cwru.resolve("3001.mat"), List.of(List.of("X056_FE_time"))))
                .isInstanceOf(RecordingException.class)
                .hasMessageContaining("3001.mat")
                .hasMessageContaining("X056_FE_time")
                .hasMessageContaining("X056_DE_time");
    }

    @Test
    void theCommittedManifestsAreTheGeneratorsOutput() throws Exception {
        Path root = repositoryRoot();
        Map<String, JsonObject> generated =
                CwruManifestsCommand.manifests(
                        CwruManifestsCommand.readCatalog(cwru.resolve("catalog.json")));
        for (Map.Entry<String, JsonObject> m : generated.entrySet()) {
            JsonElement committed =
                    JsonParser.parseString(
                            Files.readString(
                                    root.resolve("datasets/cwru").resolve(m.getKey()),
                                    StandardCharsets.UTF_8));
            assertThat(committed).as(m.getKey()).isEqualTo(m.getValue());
        }
    }

    /**
     * The classic CWRU leak is a test window overlapping a training window of the same
     * recording. Imports every split of the committed manifests from the genuine files and checks,
     * per recording, that no window of one split shares a sample with a window of another, and
     * that no 3 hp recording is in training or validation.
     */
    @Test
    void noTestWindowSharesASampleWithATrainingWindow() throws Exception {
        Path root = repositoryRoot();
        Map<String, Map<String, List<long[]>>> bySplit = new HashMap<>();
        for (String split : List.of("train", "validation", "a-test", "b-test")) {
            Path data = tmp.resolve(split + ".drsnsim");
            StringWriter err = new StringWriter();
            CommandLine cli = TrainingCli.commandLine();
            cli.setOut(new PrintWriter(new StringWriter(), true));
            cli.setErr(new PrintWriter(err, true));
            int code =
                    cli.execute(
                            "import",
                            "--manifest",
                            root.resolve("datasets/cwru/" + split + ".json").toString(),
                            "--recordings",
                            cwru.toString(),
                            "--window-length",
                            "2048",
                            "--sample-rate",
                            "12000",
                            "--hop",
                            "512",
                            "--out",
                            data.toString());
            assertThat(code).as(err.toString()).isZero();
            JsonObject sources =
                    JsonParser.parseString(
                                    Files.readString(
                                            ImportCommand.sourcesOf(data), StandardCharsets.UTF_8))
                            .getAsJsonObject();
            JsonArray sensors = sources.getAsJsonArray("windowSensor");
            JsonArray starts = sources.getAsJsonArray("windowStartSeconds");
            Map<String, List<long[]>> windows = new HashMap<>();
            for (int i = 0; i < sensors.size(); i++) {
                long first = Math.round(starts.get(i).getAsDouble() * 12000);
                windows.computeIfAbsent(sensors.get(i).getAsString(), k -> new ArrayList<>())
                        .add(new long[] {first, first + 2048});
            }
            assertThat(windows).as(split).isNotEmpty();
            bySplit.put(split, windows);
        }
        int compared = 0;
        for (String test : List.of("validation", "a-test", "b-test")) {
            for (Map.Entry<String, List<long[]>> rec : bySplit.get(test).entrySet()) {
                List<long[]> train = bySplit.get("train").getOrDefault(rec.getKey(), List.of());
                for (long[] t : rec.getValue()) {
                    for (long[] w : train) {
                        compared++;
                        assertThat(t[0] >= w[1] || w[0] >= t[1])
                                .as(
                                        "%s window [%d, %d) of %s overlaps training window [%d, %d)",
                                        test, t[0], t[1], rec.getKey(), w[0], w[1])
                                .isTrue();
                    }
                }
            }
        }
        for (long[] v : bySplit.get("a-test").get("cwru-97/DE")) {
            for (long[] w : bySplit.get("validation").get("cwru-97/DE")) {
                assertThat(v[0] >= w[1] || w[0] >= v[1]).isTrue();
            }
        }
        // Protocol (a) tests recordings that were trained on (other spans); protocol (b) none.
        assertThat(compared).isGreaterThan(100_000);
        for (String sensor : bySplit.get("b-test").keySet()) {
            assertThat(bySplit.get("train")).doesNotContainKey(sensor);
            assertThat(bySplit.get("validation")).doesNotContainKey(sensor);
        }
        assertThat(bySplit.get("b-test")).hasSize(9);
        assertThat(bySplit.get("a-test")).hasSize(10);
    }
}
