package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

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
import picocli.CommandLine;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;

/**
 * {@code drsn-train import} of MATLAB .mat files written here through MFL: the samples of the
 * chosen variable come through unchanged, and every broken file or manifest is named in one line
 * with the file and the variable. The genuine CWRU files are read in {@link CwruDataTest}.
 */
class MatImportTest {

    private static final int RATE = 1000;
    private static final int SAMPLES = 1000;
    private static final String LABELS =
            "[{\"from\": 0, \"to\": 0.5, \"label\": \"HEALTHY\"},"
                    + " {\"from\": 0.5, \"to\": 1.0, \"label\": \"BALL\"}]";

    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static double[] signal(long seed) {
        Random r = new Random(seed);
        double[] s = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            s[i] = r.nextGaussian() * 0.2;
        }
        return s;
    }

    /** A column vector, as CWRU stores its channels. */
    private static Matrix column(double[] x) {
        Matrix m = Mat5.newMatrix(x.length, 1);
        for (int i = 0; i < x.length; i++) {
            m.setDouble(i, x[i]);
        }
        return m;
    }

    /** A file like CWRU's: drive end, fan end and an rpm scalar; the DE channel is seed 1's. */
    private Path cwruLike(String name, String prefix) throws IOException {
        MatFile mat = Mat5.newMatFile();
        mat.addArray(prefix + "_DE_time", column(signal(1)));
        mat.addArray(prefix + "_FE_time", column(signal(2)));
        mat.addArray(prefix + "RPM", column(new double[] {1797}));
        Path file = tmp.resolve(name);
        Mat5.writeToFile(mat, file.toFile());
        return file;
    }

    private Path manifest(String file, String variables) throws IOException {
        Path m = tmp.resolve("manifest.json");
        Files.writeString(
                m,
                "{\"recordings\": [{\"file\": \""
                        + file
                        + "\", \"sampleRateHz\": "
                        + RATE
                        + ", \"sensors\": [\"de\"]"
                        + (variables == null ? "" : ", \"variables\": " + variables)
                        + ", \"unit\": \"g\", \"machine\": \"rig\", \"labels\": "
                        + LABELS
                        + "}]}",
                StandardCharsets.UTF_8);
        return m;
    }

    private int importIt(Path manifest) {
        return run(
                "import",
                "--manifest",
                manifest.toString(),
                "--out",
                tmp.resolve("out.drsnsim").toString(),
                "--window-length",
                "64",
                "--sample-rate",
                "" + RATE);
    }

    private void assertFails(Path manifest, String... parts) {
        assertThat(importIt(manifest)).as(out.toString()).isEqualTo(1);
        String e = err.toString().strip();
        assertThat(e).doesNotContain("\n").startsWith("drsn-train import: ").contains(parts);
        assertThat(tmp.resolve("out.drsnsim")).doesNotExist();
    }

    @Test
    void theNamedVariablesSamplesBecomeTheWindows() throws Exception {
        cwruLike("105.mat", "X105");
        assertThat(importIt(manifest("105.mat", "[\"X105_DE_time\"]"))).as(err.toString()).isZero();
        Dataset d = DatasetFile.read(tmp.resolve("out.drsnsim"));
        double[] de = signal(1);
        // 7 windows of 64 in [0, 500) and 7 in [500, 1000), on the grid of 64 from sample 0.
        assertThat(d.size()).isEqualTo(14);
        for (int w = 0; w < 7; w++) {
            float[] expected = new float[64];
            for (int i = 0; i < 64; i++) {
                expected[i] = (float) de[w * 64 + i];
            }
            assertThat(d.windows()[w]).containsExactly(expected);
            assertThat(d.labels()[w]).isEqualTo(HealthState.HEALTHY.classIndex());
        }
        assertThat(d.labels()[13]).isEqualTo(HealthState.BALL.classIndex());
        assertThat(Files.readString(tmp.resolve("out.drsnsim.sources.json")))
                .contains("X105_DE_time");
    }

    @Test
    void aPatternFallsBackToTheOnlyMatchingVariable() throws Exception {
        // CWRU's files 3001-3008: the variable's number is not the file's.
        cwruLike("3001.mat", "X056");
        assertThat(importIt(manifest("3001.mat", "[[\"X3001_DE_time\", \"X\\\\d+_DE_time\"]]")))
                .as(err.toString())
                .isZero();
        Dataset d = DatasetFile.read(tmp.resolve("out.drsnsim"));
        assertThat(d.windows()[0][0]).isEqualTo((float) signal(1)[0]);
        assertThat(Files.readString(tmp.resolve("out.drsnsim.sources.json")))
                .contains("X056_DE_time");
    }

    @Test
    void aMissingVariableIsNamedWithWhatTheFileHolds() throws Exception {
        cwruLike("105.mat", "X105");
        assertFails(
                manifest("105.mat", "[\"X106_DE_time\"]"),
                "105.mat",
                "no variable 'X106_DE_time'",
                "X105_DE_time",
                "X105_FE_time");
    }

    @Test
    void aPatternMatchingSeveralVariablesIsRefused() throws Exception {
        cwruLike("105.mat", "X105");
        assertFails(
                manifest("105.mat", "[\"X105_.._time\"]"),
                "105.mat",
                "matches 2 variables",
                "X105_DE_time",
                "X105_FE_time");
    }

    @Test
    void aVariableOfTheWrongTypeOrShapeIsNamed() throws Exception {
        MatFile mat = Mat5.newMatFile();
        mat.addArray("note", Mat5.newString("drive end"));
        mat.addArray("grid", Mat5.newMatrix(10, 3));
        mat.addArray("z", Mat5.newComplex(SAMPLES, 1));
        Mat5.writeToFile(mat, tmp.resolve("odd.mat").toFile());
        assertFails(
                manifest("odd.mat", "[\"note\"]"),
                "odd.mat",
                "variable note",
                "type char",
                "not a numeric vector");
        err.getBuffer().setLength(0);
        assertFails(
                manifest("odd.mat", "[\"grid\"]"), "odd.mat", "variable grid", "[10, 3]", "vector");
        err.getBuffer().setLength(0);
        assertFails(manifest("odd.mat", "[\"z\"]"), "odd.mat", "variable z", "complex");
    }

    @Test
    void aTruncatedFileIsNamed() throws Exception {
        Path file = cwruLike("105.mat", "X105");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length * 6 / 10));
        assertFails(manifest("105.mat", "[\"X105_DE_time\"]"), "105.mat", "truncated or damaged");
        err.getBuffer().setLength(0);
        Files.write(file, Arrays.copyOf(bytes, 100));
        assertFails(manifest("105.mat", "[\"X105_DE_time\"]"), "105.mat", "truncated", "100 bytes");
    }

    @Test
    void anotherFileNamedMatIsRefused() throws Exception {
        Files.writeString(tmp.resolve("text.mat"), "x".repeat(500), StandardCharsets.UTF_8);
        assertFails(
                manifest("text.mat", "[\"X105_DE_time\"]"), "text.mat", "not a MATLAB 5 MAT-file");
        Path hdf5 = tmp.resolve("v73.mat");
        byte[] head = new byte[512];
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, head, 0, text.length);
        Files.write(hdf5, head);
        err.getBuffer().setLength(0);
        assertFails(manifest("v73.mat", "[\"X105_DE_time\"]"), "v73.mat", "MATLAB 7.3 (HDF5)");
    }

    @Test
    void theManifestMustNameTheVariablesOfAMatFileOnly() throws Exception {
        cwruLike("105.mat", "X105");
        assertFails(manifest("105.mat", null), "recordings[0] (105.mat)", "\"variables\"");
        err.getBuffer().setLength(0);
        assertFails(manifest("105.mat", "[\"a\", \"b\"]"), "\"variables\"", "1 sensor(s)");
        err.getBuffer().setLength(0);
        Files.writeString(tmp.resolve("rec.csv"), "1\n2\n", StandardCharsets.UTF_8);
        assertFails(
                manifest("rec.csv", "[\"X105_DE_time\"]"),
                "rec.csv",
                "\"variables\" applies to .mat files only");
    }
}
