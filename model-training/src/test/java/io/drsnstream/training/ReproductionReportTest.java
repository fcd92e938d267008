package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pins report.md for a fixed set of runs, byte for byte: two noise types, three architectures, one of
 * them missing for one noise, a stopped run, a run without throughput, an SNR without a result and
 * the DRSN-CW confusion matrices.
 */
class ReproductionReportTest {

    private static final Instant GENERATED_AT = Instant.parse("2025-01-02T03:04:05Z");

    @Test
    void theReportOfFixedRunsIsPinned() throws IOException {
        String md =
                ReproductionReport.markdown(
                        runs(),
                        "drsn-train reproduce --epochs 2",
                        "Settings: 2 epochs",
                        List.of("accuracy-gaussian.png", "accuracy-laplacian.png"),
                        GENERATED_AT);
        assertThat(md).isEqualTo(expected("reproduction-report.md"));
    }

    /** One pink ConvNet run: no stopped note, no DRSN-CW minus ResNet, no confusion matrices, no plots. */
    @Test
    void theReportOfASingleRunLeavesOutTheSectionsItCannotFill() throws IOException {
        RunResult only = run("pink", "CONVNET", 0.3, 900, false);
        only.testWindows = 0;
        String md =
                ReproductionReport.markdown(
                        List.of(only),
                        "drsn-train reproduce",
                        "Settings: 1 epoch",
                        List.of(),
                        GENERATED_AT);
        assertThat(md).isEqualTo(expected("reproduction-report-single-run.md"));
    }

    static String expected(String resource) throws IOException {
        try (InputStream in = ReproductionReportTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<RunResult> runs() {
        List<RunResult> runs = new ArrayList<>();
        runs.add(run("laplacian", "DRSN_CW", 0.61, 1200, false));
        runs.add(run("gaussian", "RESNET", 0.55, 2400, false));
        runs.add(run("gaussian", "DRSN_CW", 0.63, 1100, true));
        runs.add(run("laplacian", "RESNET", 0.52, 0, false));
        runs.add(run("gaussian", "CONVNET", 0.41, 3000, false));
        runs.get(3).accuracyBySnr.remove("3");
        return runs;
    }

    private static RunResult run(
            String noise, String arch, double base, double samplesPerSecond, boolean stopped) {
        RunResult r = new RunResult();
        r.noise = noise;
        r.arch = arch;
        r.stopped = stopped;
        r.testWindows = 720;
        r.samplesPerSecond = samplesPerSecond;
        for (int snr : PaperNumbers.SNRS) {
            r.accuracyBySnr.put(Integer.toString(snr), base + 0.031 * (snr + 5));
        }
        r.accuracyClean = Math.min(1.0, base + 0.37);
        if (arch.equals("DRSN_CW")) {
            int classes = DataSets.labels().size();
            int[][] confusion = new int[classes][classes];
            for (int i = 0; i < classes; i++) {
                for (int j = 0; j < classes; j++) {
                    confusion[i][j] = i == j ? 60 + i : (i + 2 * j) % 5;
                }
            }
            confusion[classes - 1] = new int[classes]; // a class without windows: recall is NaN
            r.confusionBySnr.put("-5", confusion);
        }
        return r;
    }
}
