package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.NoiseInjector;
import io.drsnstream.sim.NoiseType;
import io.drsnstream.testing.RepositoryLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Scorer's {@code noiseLevel} ranks simulated windows by SNR: healthy and faulty windows of
 * every state, speed and load, clean and at the evaluation's +5 / 0 / -5 dB, scored by the
 * committed model {@code models/drsn-cw}. The network's {@code shrinkage} is printed alongside
 * for comparison; it is not asserted on.
 */
class NoiseLevelOnSimulatedWindowsTest {

    /** The evaluation's SNR levels; clean windows rank as the highest SNR (any value above 5 dB). */
    private static final double CLEAN = Double.POSITIVE_INFINITY;

    private static final double[] SNR_DB = {CLEAN, 5, 0, -5};

    private static ModelArtifact model;
    private static float[][] clean;

    @BeforeAll
    static void loadModelAndSimulate() throws Exception {
        model = ModelArtifact.load(RepositoryLayout.committedModel(), Device.cpu());
        // 8 states x 20/30/40 Hz x loads 0/0.5/1 x 2 windows of 2048 samples: 144 windows.
        DatasetSpec spec = DatasetSpec.builder().windowsPerCombination(2).seed(2026).build();
        DatasetGenerator generator = new DatasetGenerator(spec);
        clean = new float[spec.windowCount()][];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = generator.window(i).samples();
        }
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = NoiseType.class,
            names = {"WHITE_GAUSSIAN", "LAPLACIAN", "PINK"})
    void noiseLevelFallsAsSnrRises(NoiseType type) {
        int n = clean.length;
        double[] snr = new double[SNR_DB.length * n];
        double[] noiseLevel = new double[snr.length];
        double[] shrinkage = new double[snr.length];
        double[] meanNoiseLevel = new double[SNR_DB.length];
        try (Scorer scorer = model.newScorer()) {
            for (int level = 0; level < SNR_DB.length; level++) {
                float[][] windows = new float[n][];
                for (int i = 0; i < n; i++) {
                    windows[i] = clean[i].clone();
                    if (SNR_DB[level] != CLEAN) {
                        new NoiseInjector(1000L * level + i)
                                .addInPlace(windows[i], type, SNR_DB[level]);
                    }
                }
                List<ScoreResult> results = scorer.score(windows);
                for (int i = 0; i < n; i++) {
                    int k = level * n + i;
                    snr[k] = SNR_DB[level];
                    noiseLevel[k] = results.get(i).noiseLevel();
                    shrinkage[k] = results.get(i).shrinkage();
                    meanNoiseLevel[level] += noiseLevel[k] / n;
                }
            }
        }
        double rho = OperatorMetrics.spearman(noiseLevel, snr);
        double rhoShrinkage = OperatorMetrics.spearman(shrinkage, snr);
        System.out.printf(
                Locale.ROOT,
                "%s: Spearman(noiseLevel, SNR) = %.3f, Spearman(shrinkage, SNR) = %.3f;"
                        + " mean noiseLevel clean / +5 / 0 / -5 dB = %.3f / %.3f / %.3f / %.3f (%d windows)%n",
                type,
                rho,
                rhoShrinkage,
                meanNoiseLevel[0],
                meanNoiseLevel[1],
                meanNoiseLevel[2],
                meanNoiseLevel[3],
                snr.length);
        assertThat(Arrays.stream(noiseLevel).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(Arrays.stream(noiseLevel).max().orElseThrow()).isLessThanOrEqualTo(1);
        assertThat(rho)
                .as("Spearman's rho of noiseLevel and SNR under %s noise", type)
                .isLessThanOrEqualTo(-0.8);
    }

    @Test
    void rankCorrelationGivesTiesTheirMeanRank() {
        assertThat(OperatorMetrics.ranks(new double[] {3, 1, 3, 2}))
                .containsExactly(3.5, 1, 3.5, 2);
        assertThat(
                        OperatorMetrics.spearman(
                                new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 45}))
                .isCloseTo(1, within(1e-12));
        assertThat(OperatorMetrics.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}))
                .isCloseTo(-1, within(1e-12));
    }
}
