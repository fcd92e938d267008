package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.HealthState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ImportCommandTest {

    private static final int RATE = 1000;
    private static final int SAMPLES = 1000;
    private static final int WINDOW = 64;

    /** [0, 0.5) s healthy, [0.5, 1) s inner race: 7 + 7 windows per sensor on the job's grid. */
    private static final String LABELS =
            "[{\"from\": 0, \"to\": 0.5, \"label\": \"HEALTHY\"},"
                    + " {\"from\": 0.5, \"to\": 1.0, \"label\": \"inner_race\"}]";

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static float[][] signal(long seed) {
        Random r = new Random(seed);
        float[][] s = new float[2][SAMPLES];
        for (float[] c : s) {
            for (int i = 0; i < SAMPLES; i++) {
                c[i] = (float) (r.nextDouble() * 1.8 - 0.9);
            }
        }
        return s;
    }

    private Path manifest(String recordings) throws IOException {
        Path m = tmp.resolve("manifest.json");
        Files.writeString(m, "{\"recordings\": [" + recordings + "]}", StandardCharsets.UTF_8);
        return m;
    }

    private static String recording(String file, String extra) {
        return "{\"file\": \""
                + file
                + "\", \"sensors\": [\"a\", \"b\"], \"unit\": \"g\", \"machine\": \"m1\","
                + " \"labels\": "
                + LABELS
                + extra
                + "}";
    }

    private Dataset importIt(Path manifest) throws IOException {
        Path data = tmp.resolve("out.drsnsim");
        int code =
                run(
                        "import",
                        "--manifest",
                        manifest.toString(),
                        "--out",
                        data.toString(),
                        "--window-length",
                        "" + WINDOW,
                        "--sample-rate",
                        "" + RATE);
        assertThat(code).as(err.toString()).isZero();
        return DatasetFile.read(data);
    }

    @ParameterizedTest
    @CsvSource({
        "wav16, 0.0001",
        "wav24, 0.000001",
        "wav32, 0.000001",
        "wavfloat, 0",
        "npy, 0",
        "f32, 0",
        "csv, 0"
    })
    void everyFormatGivesTheWindowsOfItsSamples(String kind, double tolerance) throws Exception {
        float[][] s = signal(7);
        String extra = ", \"sampleRateHz\": " + RATE;
        String file;
        switch (kind) {
            case "wav16", "wav24", "wav32" -> {
                file = kind + ".wav";
                TestRecordings.wav(
                        tmp.resolve(file), s, RATE, Integer.parseInt(kind.substring(3)), false);
                extra = "";
            }
            case "wavfloat" -> {
                file = "float.wav";
                TestRecordings.wav(tmp.resolve(file), s, RATE, 32, true);
                extra = "";
            }
            case "npy" -> {
                file = "rec.npy";
                TestRecordings.npy(tmp.resolve(file), s);
            }
            case "f32" -> {
                file = "rec.f32";
                TestRecordings.f32(tmp.resolve(file), s);
            }
            default -> {
                file = "rec.csv";
                TestRecordings.csv(
                        tmp.resolve(file),
                        new String[] {"b", "a"},
                        new float[][] {s[1], s[0]},
                        RATE);
            }
        }
        Dataset d = importIt(manifest(recording(file, extra)));

        assertThat(d.size()).isEqualTo(28);
        assertThat(d.spec().windowLength()).isEqualTo(WINDOW);
        assertThat(d.spec().sampleRateHz()).isEqualTo(RATE);
        int i = 0;
        for (int channel = 0; channel < 2; channel++) {
            for (int start :
                    new int[] {0, 64, 128, 192, 256, 320, 384, 512, 576, 640, 704, 768, 832, 896}) {
                float[] expected = Arrays.copyOfRange(s[channel], start, start + WINDOW);
                float[] actual = d.windows()[i];
                for (int k = 0; k < WINDOW; k++) {
                    assertThat(actual[k])
                            .as("window %d sample %d", i, k)
                            .isCloseTo(expected[k], within((float) tolerance));
                }
                assertThat(d.state(i))
                        .isEqualTo(start < 500 ? HealthState.HEALTHY : HealthState.INNER_RACE);
                i++;
            }
        }
        JsonObject sources =
                JsonParser.parseString(
                                Files.readString(
                                        ImportCommand.sourcesOf(tmp.resolve("out.drsnsim"))))
                        .getAsJsonObject();
        assertThat(sources.getAsJsonArray("windowSensor").get(0).getAsString()).isEqualTo("a");
        assertThat(sources.getAsJsonArray("windowSensor").get(14).getAsString()).isEqualTo("b");
        assertThat(sources.getAsJsonArray("windowStartSeconds").get(7).getAsDouble())
                .isEqualTo(0.512);
        assertThat(out.toString()).contains("28 windows").contains("HEALTHY 14, INNER_RACE 14");
    }

    @Test
    void aHopOverlapsWindowsOnTheJobsGrid() throws Exception {
        TestRecordings.f32(tmp.resolve("rec.f32"), signal(3));
        Path data = tmp.resolve("out.drsnsim");
        assertThat(
                        run(
                                "import",
                                "--manifest",
                                manifest(recording("rec.f32", ", \"sampleRateHz\": 1000"))
                                        .toString(),
                                "--out",
                                data.toString(),
                                "--window-length",
                                "64",
                                "--sample-rate",
                                "1000",
                                "--hop",
                                "32"))
                .as(err.toString())
                .isZero();
        // [0, 500): starts 0..416 step 32 = 14; [500, 1000): 512..928 = 14; two sensors.
        assertThat(DatasetFile.read(data).size()).isEqualTo(56);
    }

    @Test
    void resamplingRemovesWhatLiesAboveTheNewNyquistFrequency() throws Exception {
        // 2 s at 4 kHz: a 100 Hz tone the model must keep and a 1,500 Hz tone above the new
        // Nyquist (500 Hz at 1 kHz) that must not fold back to 500 Hz.
        int fileRate = 4000;
        float[][] s = new float[2][2 * fileRate];
        for (int i = 0; i < s[0].length; i++) {
            double t = (double) i / fileRate;
            s[0][i] =
                    (float)
                            (Math.sin(2 * Math.PI * 100 * t)
                                    + 0.5 * Math.sin(2 * Math.PI * 1500 * t));
            s[1][i] = s[0][i];
        }
        TestRecordings.wav(tmp.resolve("fast.wav"), s, fileRate, 32, true);
        Dataset d =
                importIt(
                        manifest(
                                "{\"file\": \"fast.wav\", \"sensors\": [\"a\", \"b\"], \"unit\": \"g\","
                                        + " \"machine\": \"m1\", \"labels\": [{\"from\": 0, \"to\": 2, \"label\": \"HEALTHY\"}]}"));
        assertThat(d.size()).isEqualTo(2 * (2000 / 64));
        // Away from the file's ends (Fourier resampling wraps around), every sample is the
        // 100 Hz tone alone.
        double worst = 0;
        for (int w = 2; w < 2000 / 64 - 2; w++) {
            for (int k = 0; k < WINDOW; k++) {
                double t = (w * 64 + k) / (double) RATE;
                worst =
                        Math.max(
                                worst,
                                Math.abs(d.windows()[w][k] - Math.sin(2 * Math.PI * 100 * t)));
            }
        }
        assertThat(worst).isLessThan(1e-3);
        assertThat(err.toString()).contains("resampled to 1000 Hz");
    }

    private void assertFails(String manifestRecordings, String... messageParts) throws IOException {
        int code =
                run(
                        "import",
                        "--manifest",
                        manifest(manifestRecordings).toString(),
                        "--out",
                        tmp.resolve("bad.drsnsim").toString(),
                        "--window-length",
                        "64",
                        "--sample-rate",
                        "1000");
        assertThat(code).as(out.toString()).isEqualTo(1);
        String e = err.toString().strip();
        assertThat(e)
                .doesNotContain("\n")
                .doesNotContain("Exception")
                .startsWith("drsn-train import: ");
        assertThat(e).contains(messageParts);
        assertThat(tmp.resolve("bad.drsnsim")).doesNotExist();
    }

    @Test
    void aTruncatedWavIsNamedWithWhereItEnds() throws Exception {
        Path wav = tmp.resolve("cut.wav");
        TestRecordings.wav(wav, signal(1), RATE, 16, false);
        byte[] bytes = Files.readAllBytes(wav);
        Files.write(wav, Arrays.copyOf(bytes, 44 + 4 * 600));
        assertFails(recording("cut.wav", ""), "cut.wav", "truncated", "1000 frames", "600");
    }

    @Test
    void anUnknownFormatIsNamed() throws Exception {
        Files.writeString(tmp.resolve("rec.xlsx"), "x");
        assertFails(
                recording("rec.xlsx", ", \"sampleRateHz\": 1000"),
                "recordings[0]",
                "rec.xlsx",
                "unknown format");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertFails(
                recording("rec.xlsx", ", \"format\": \"mp3\", \"sampleRateHz\": 1000"),
                "unknown format 'mp3'");
    }

    @Test
    void aMissingSampleRateIsNamed() throws Exception {
        TestRecordings.f32(tmp.resolve("rec.f32"), signal(1));
        assertFails(recording("rec.f32", ""), "recordings[0] (rec.f32)", "sample rate missing");
    }

    @Test
    void aNaNIsNamedWithItsLineOrSample() throws Exception {
        float[][] s = signal(1);
        s[1][123] = Float.NaN;
        TestRecordings.csv(tmp.resolve("rec.csv"), new String[] {"a", "b"}, s, RATE);
        // Line 1 is the header: sample 123 is on line 125, sensor b in column 3.
        assertFails(
                recording("rec.csv", ", \"sampleRateHz\": 1000"),
                "rec.csv",
                "line 125, column 3",
                "NaN");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        TestRecordings.f32(tmp.resolve("rec.f32"), s);
        assertFails(
                recording("rec.f32", ", \"sampleRateHz\": 1000"),
                "rec.f32",
                "sample 123 of channel 1",
                "NaN");
    }

    @Test
    void overlappingLabelsAreNamed() throws Exception {
        TestRecordings.f32(tmp.resolve("rec.f32"), signal(1));
        assertFails(
                "{\"file\": \"rec.f32\", \"sampleRateHz\": 1000, \"sensors\": [\"a\", \"b\"], \"unit\": \"g\","
                        + " \"machine\": \"m\", \"labels\": [{\"from\": 0, \"to\": 0.6, \"label\": \"HEALTHY\"},"
                        + " {\"from\": 0.5, \"to\": 1, \"label\": \"BALL\"}]}",
                "rec.f32",
                "label spans overlap",
                "HEALTHY [0.0, 0.6)",
                "BALL [0.5, 1.0)");
    }

    @Test
    void aSpanOutsideTheFileIsNamed() throws Exception {
        TestRecordings.f32(tmp.resolve("rec.f32"), signal(1));
        assertFails(
                "{\"file\": \"rec.f32\", \"sampleRateHz\": 1000, \"sensors\": [\"a\", \"b\"], \"unit\": \"g\","
                        + " \"machine\": \"m\", \"labels\": [{\"from\": 0.5, \"to\": 3, \"label\": \"HEALTHY\"}]}",
                "rec.f32",
                "outside the file",
                "1.0 s");
    }

    @Test
    void aTruncatedNpyAndAWrongChannelCountAreNamed() throws Exception {
        Path npy = tmp.resolve("rec.npy");
        TestRecordings.npy(npy, signal(1));
        byte[] bytes = Files.readAllBytes(npy);
        Files.write(npy, Arrays.copyOf(bytes, bytes.length - 100));
        assertFails(
                recording("rec.npy", ", \"sampleRateHz\": 1000"),
                "rec.npy",
                "truncated",
                "ends in sample 987");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        TestRecordings.npy(npy, new float[][] {signal(1)[0]});
        assertFails(
                recording("rec.npy", ", \"sampleRateHz\": 1000"),
                "rec.npy",
                "1 channels but 2 sensors");
    }

    @Test
    void anUnknownLabelAndBadJsonAreNamed() throws Exception {
        TestRecordings.f32(tmp.resolve("rec.f32"), signal(1));
        assertFails(
                "{\"file\": \"rec.f32\", \"sampleRateHz\": 1000, \"sensors\": [\"a\", \"b\"], \"unit\": \"g\","
                        + " \"machine\": \"m\", \"labels\": [{\"from\": 0, \"to\": 1, \"label\": \"WOBBLY\"}]}",
                "labels[0]",
                "unknown label 'WOBBLY'");
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertFails("{\"file\": ", "manifest.json", "not valid JSON");
    }
}
