package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoiseFloorEstimatorTest {

    private static final int LENGTH = 2048;
    private static final double SAMPLE_RATE_HZ = 12_800;

    /** Machine-like tones: a few harmonics of different strengths, none on a bin centre. */
    private static final double[] TONE_HZ = {31.7, 95.1, 412.3, 1237.0, 2474.2, 3890.5};

    private static final double[] TONE_AMPLITUDES = {1.0, 0.4, 0.8, 1.5, 0.6, 0.3};

    private static float[] tones(long seed) {
        Random random = new Random(seed);
        float[] x = new float[LENGTH];
        for (int k = 0; k < TONE_HZ.length; k++) {
            double phase = random.nextDouble() * 2 * Math.PI;
            for (int i = 0; i < LENGTH; i++) {
                x[i] +=
                        (float)
                                (TONE_AMPLITUDES[k]
                                        * Math.sin(
                                                2 * Math.PI * TONE_HZ[k] * i / SAMPLE_RATE_HZ
                                                        + phase));
            }
        }
        return x;
    }

    private static float[] whiteNoise(long seed) {
        Random random = new Random(seed);
        float[] n = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            n[i] = (float) random.nextGaussian();
        }
        return n;
    }

    private static double meanSquare(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return sum / x.length;
    }

    /** {@code signal + noise}, the noise scaled to the given SNR on the two's actual powers. */
    private static float[] mix(float[] signal, float[] noise, double snrDb) {
        double scale = Math.sqrt(meanSquare(signal) / meanSquare(noise) / Math.pow(10, snrDb / 10));
        float[] x = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            x[i] = (float) (signal[i] + scale * noise[i]);
        }
        return x;
    }

    private static double expectedShare(double snrDb) {
        return 1 / (1 + Math.pow(10, snrDb / 10));
    }

    /**
     * Within 0.1 per window and 0.05 on average. One window's floor estimate spreads by about
     * 5 % of the noise power (a median over 255 bins of 7 averaged periodograms), and the six
     * tones' main lobes lift the median slightly, so the share errs high: over 200 seeds the mean
     * error was at most +0.022 (at -5 dB), the largest single error 0.075; these 20 seeds err by
     * +0.033 on average at -10 and -5 dB.
     */
    @ParameterizedTest(name = "{0} dB")
    @ValueSource(doubles = {-10, -5, 0, 5, 10, 20})
    void tonesInWhiteNoiseGiveTheNoiseShareOfTheirSnr(double snrDb) {
        NoiseFloorEstimator estimator = new NoiseFloorEstimator(LENGTH);
        double expected = expectedShare(snrDb);
        double errorSum = 0;
        int windows = 20;
        for (long seed = 1; seed <= windows; seed++) {
            float share = estimator.noiseShare(mix(tones(seed), whiteNoise(100 + seed), snrDb));
            assertThat((double) share).as("seed %d", seed).isCloseTo(expected, within(0.1));
            errorSum += share - expected;
        }
        assertThat(errorSum / windows).as("mean error").isCloseTo(0, within(0.05));
    }

    @Test
    void whiteNoiseAloneIsAllFloor() {
        NoiseFloorEstimator estimator = new NoiseFloorEstimator(LENGTH);
        for (long seed = 1; seed <= 10; seed++) {
            assertThat(estimator.noiseShare(whiteNoise(seed))).isBetween(0.9f, 1f);
        }
    }

    @Test
    void cleanTonesHaveNoFloor() {
        assertThat(new NoiseFloorEstimator(LENGTH).noiseShare(tones(3))).isBetween(0f, 0.01f);
    }

    @Test
    void risesWithTheNoisePower() {
        NoiseFloorEstimator estimator = new NoiseFloorEstimator(LENGTH);
        float[] signal = tones(5);
        float[] noise = whiteNoise(6);
        float previous = -1;
        for (double snrDb = 30; snrDb >= -15; snrDb -= 2.5) {
            float share = estimator.noiseShare(mix(signal, noise, snrDb));
            assertThat(share).as("%s dB", snrDb).isGreaterThan(previous);
            previous = share;
        }
    }

    @Test
    void doesNotDependOnTheWindowsScaleOrOffset() {
        NoiseFloorEstimator estimator = new NoiseFloorEstimator(LENGTH);
        float[] x = mix(tones(7), whiteNoise(8), 0);
        float[] scaled = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            scaled[i] = 250f * x[i] + 40f;
        }
        assertThat(estimator.noiseShare(scaled)).isCloseTo(estimator.noiseShare(x), within(1e-3f));
    }

    @Test
    void zeroAndConstantWindowsHaveShareZero() {
        NoiseFloorEstimator estimator = new NoiseFloorEstimator(LENGTH);
        assertThat(estimator.noiseShare(new float[LENGTH])).isZero();
        float[] constant = new float[LENGTH];
        Arrays.fill(constant, 3.7f);
        assertThat(estimator.noiseShare(constant)).isZero();
    }

    @Test
    void reusedBuffersGiveTheSameAnswerAsAFreshEstimator() {
        NoiseFloorEstimator reused = new NoiseFloorEstimator(LENGTH);
        float[] x = mix(tones(9), whiteNoise(10), 3);
        float[] copy = x.clone();
        reused.noiseShare(whiteNoise(11));
        assertThat(reused.noiseShare(x)).isEqualTo(new NoiseFloorEstimator(LENGTH).noiseShare(x));
        assertThat(x).as("input untouched").containsExactly(copy);
    }

    @ParameterizedTest(name = "{0} samples")
    @ValueSource(ints = {8, 100, 128, 300, 1000})
    void shorterWindowsUseShorterOrFewerSegments(int length) {
        NoiseFloorEstimator estimator = new NoiseFloorEstimator(length);
        Random random = new Random(length);
        float[] noise = new float[length];
        for (int i = 0; i < length; i++) {
            noise[i] = (float) random.nextGaussian();
        }
        assertThat(estimator.noiseShare(noise)).isBetween(0f, 1f).isGreaterThan(0.3f);
    }

    @Test
    void windowsTooShortForASpectrumHaveShareZero() {
        assertThat(new NoiseFloorEstimator(5).noiseShare(new float[] {1, -2, 3, 0, 5})).isZero();
    }

    @Test
    void wrongLengthIsAClearError() {
        assertThatThrownBy(() -> new NoiseFloorEstimator(LENGTH).noiseShare(new float[100]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100 samples, expected 2048");
        assertThatThrownBy(() -> new NoiseFloorEstimator(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
