package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReproduceCommandTest {

    @TempDir Path tmp;

    @Test
    void aTinyReproductionWritesRunsReportAndPlotsAndReusesFinishedRuns() throws Exception {
        String[] args = {
            "reproduce",
            "--out",
            tmp.toString(),
            "--windows-per-combination",
            "1",
            "--per-class",
            "9",
            "--epochs",
            "1",
            "--noise",
            "gaussian",
            "--archs",
            "resnet,drsn-cw",
            "--no-progress"
        };
        EndToEndTest.Result r = EndToEndTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(2 runs)").contains("gaussian").contains("DRSN-CW");

        Path run = tmp.resolve("runs/gaussian-drsn-cw.json");
        assertThat(run).isRegularFile();
        RunResult result = ReproduceCommand.read(run);
        assertThat(result.accuracyBySnr).hasSize(11).containsKeys("-5", "0", "5");
        assertThat(result.accuracyBySnr.values())
                .allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
        assertThat(result.confusionBySnr.get("-5")).hasDimensions(8, 8);
        assertThat(result.testWindows).isEqualTo(72);
        assertThat(result.trainWindows).isEqualTo(72);
        assertThat(result.samplesPerSecond).isPositive();
        assertThat(tmp.resolve("runs/gaussian-resnet.json")).isRegularFile();

        String report = Files.readString(tmp.resolve("report.md"));
        assertThat(report)
                .contains("| SNR dB | Gauss ResNet | Gauss DRSN-CW |")
                .contains(" / 70.3 |") // paper: Gaussian ResNet at -5 dB
                .contains(" / 76.0 |") // paper: Gaussian DRSN-CW at -5 dB
                .contains(" / 97.4 |") // paper: Gaussian DRSN-CW at +5 dB
                .contains("DRSN-CW minus ResNet")
                .contains("| DRSN-CW | 1 |")
                .doesNotContain("| ConvNet |")
                .contains("1511")
                .contains("Confusion matrices of DRSN-CW at -5 dB")
                .contains("accuracy-gaussian.png");
        for (String png :
                new String[] {"accuracy-gaussian.png", "confusion-drsn-cw-gaussian-minus5db.png"}) {
            byte[] bytes = Files.readAllBytes(tmp.resolve(png));
            assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        }

        EndToEndTest.Result again = EndToEndTest.run(args);
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("reusing").doesNotContain("epoch 1/1");
    }
}
