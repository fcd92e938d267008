package io.drsnstream.training;

import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.sim.NoiseType;
import java.util.Map;

/**
 * The published results of Zhao et al., "Deep Residual Shrinkage Networks for Fault Diagnosis",
 * IEEE TII 2020, as transcribed in docs/drsn-reference.md section 4 (per-SNR values read from
 * the paper's bar charts, +-0.5).
 */
final class PaperNumbers {

    private PaperNumbers() {}

    /** The SNRs of the paper's experiment, -5..+5 dB. */
    static final int[] SNRS = {-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5};

    /** Column order of {@link #BY_SNR}: ConvNet, ResNet, DRSN-CS, DRSN-CW. */
    static final Architecture[] ARCHS = {
        Architecture.CONVNET, Architecture.RESNET, Architecture.DRSN_CS, Architecture.DRSN_CW
    };

    // Rows -5..+5 dB; columns ConvNet, ResNet, DRSN-CS, DRSN-CW.
    private static final double[][] GAUSS = {
        {64.1, 70.3, 74.7, 76.0}, {69.0, 75.4, 78.6, 80.3}, {72.1, 78.7, 81.5, 84.4},
        {72.6, 82.6, 85.5, 87.1}, {79.4, 85.7, 87.7, 88.6}, {81.2, 89.1, 91.2, 92.0},
        {83.7, 90.8, 93.2, 94.0}, {85.1, 92.3, 94.1, 94.9}, {85.8, 93.2, 95.4, 95.7},
        {88.4, 94.9, 96.0, 95.8}, {90.5, 95.5, 96.9, 97.4}
    };
    private static final double[][] LAPLACE = {
        {42.4, 61.0, 64.4, 66.1}, {54.7, 69.0, 72.0, 74.1}, {64.6, 74.4, 79.1, 80.3},
        {72.1, 80.1, 83.4, 85.5}, {79.2, 84.9, 88.3, 89.4}, {82.6, 88.9, 91.5, 92.0},
        {85.7, 91.8, 94.0, 94.1}, {88.1, 94.3, 95.8, 96.6}, {89.8, 96.3, 96.9, 97.4},
        {91.4, 97.5, 97.7, 97.8}, {94.3, 97.5, 98.3, 98.3}
    };
    private static final double[][] PINK = {
        {35.2, 60.6, 60.1, 66.0}, {57.2, 70.4, 74.6, 76.1}, {54.7, 77.4, 81.7, 83.2},
        {70.7, 83.5, 87.4, 88.9}, {77.5, 89.4, 92.0, 92.9}, {84.0, 92.6, 94.6, 95.2},
        {88.8, 94.8, 96.6, 96.9}, {90.3, 96.8, 96.9, 97.4}, {94.5, 96.6, 97.8, 97.8},
        {94.1, 97.5, 98.5, 98.6}, {95.7, 98.0, 98.5, 98.8}
    };

    private static final Map<NoiseType, double[][]> BY_SNR =
            Map.of(
                    NoiseType.WHITE_GAUSSIAN,
                    GAUSS,
                    NoiseType.LAPLACIAN,
                    LAPLACE,
                    NoiseType.PINK,
                    PINK);

    /** Paper Table III: mean test accuracy (%) over the 33 noisy settings. */
    static final Map<Architecture, Double> MEAN_NOISY =
            Map.of(
                    Architecture.CONVNET,
                    77.62,
                    Architecture.RESNET,
                    86.25,
                    Architecture.DRSN_CS,
                    88.55,
                    Architecture.DRSN_CW,
                    89.57);

    /** Paper: test accuracy (%) without added noise. */
    static final Map<Architecture, Double> CLEAN =
            Map.of(
                    Architecture.CONVNET,
                    96.67,
                    Architecture.RESNET,
                    99.54,
                    Architecture.DRSN_CS,
                    99.65,
                    Architecture.DRSN_CW,
                    99.70);

    /** Paper: training seconds per 100 epochs of 25,920 samples on a GTX 1070. */
    static final Map<Architecture, Double> GTX1070_SECONDS_PER_100_EPOCHS =
            Map.of(
                    Architecture.CONVNET,
                    962.0,
                    Architecture.RESNET,
                    978.0,
                    Architecture.DRSN_CS,
                    1585.0,
                    Architecture.DRSN_CW,
                    1511.0);

    /**
     * The paper's accuracy (%) for a noise type, architecture and SNR, or NaN where the paper has
     * no figure.
     */
    static double accuracy(NoiseType type, Architecture arch, int snrDb) {
        double[][] table = BY_SNR.get(type);
        if (table == null || snrDb < -5 || snrDb > 5) {
            return Double.NaN;
        }
        for (int a = 0; a < ARCHS.length; a++) {
            if (ARCHS[a] == arch) {
                return table[snrDb + 5][a];
            }
        }
        return Double.NaN;
    }
}
