package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoiseInjectorTest {

    private static final int LONG = 1 << 20;

    private static float[] sine(int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * 0.0123 * i));
        }
        return x;
    }

    private static double measuredSnrDb(float[] clean, float[] noisy) {
        double noise = SignalMath.meanSquare(SignalMath.difference(noisy, clean));
        return 10 * Math.log10(NoiseInjector.meanSquare(clean, 0, clean.length) / noise);
    }

    @ParameterizedTest
    @CsvSource({
        "WHITE_GAUSSIAN, -5",
        "WHITE_GAUSSIAN, 5",
        "LAPLACIAN, -5",
        "LAPLACIAN, 3",
        "PINK, -5",
        "PINK, 5"
    })
    void noiseHasTheRequestedSnr(NoiseType type, double snrDb) {
        float[] clean = sine(LONG, 2.5);

        float[] noisy = new NoiseInjector(7).noisyCopy(clean, type, snrDb);

        assertThat(measuredSnrDb(clean, noisy)).isCloseTo(snrDb, within(0.1));
    }

    @Test
    void gaussianNoiseHasKurtosisThree() {
        float[] clean = sine(LONG, 1);
        float[] noisy = new NoiseInjector(8).noisyCopy(clean, NoiseType.WHITE_GAUSSIAN, 0);

        assertThat(SignalMath.kurtosis(SignalMath.difference(noisy, clean)))
                .isCloseTo(3.0, within(0.1));
    }

    @Test
    void laplacianNoiseHasKurtosisSix() {
        float[] clean = sine(LONG, 1);
        float[] noisy = new NoiseInjector(9).noisyCopy(clean, NoiseType.LAPLACIAN, 0);

        assertThat(SignalMath.kurtosis(SignalMath.difference(noisy, clean)))
                .isCloseTo(6.0, within(0.3));
    }

    @Test
    void pinkNoisePowerFallsTenDbPerDecade() {
        double fs = 12_800;
        int segment = 4096;
        float[] clean = sine(1 << 18, 1);
        double[] noise =
                SignalMath.difference(
                        new NoiseInjector(10).noisyCopy(clean, NoiseType.PINK, 0), clean);
        double[] psd = SignalMath.welchPsd(noise, segment);

        // Least-squares slope of 10 log10(PSD) against log10(f) over 20 Hz - 5 kHz, in log-spaced
        // bands.
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int points = 0;
        for (double lo = 20; lo < 5000; lo *= 1.25) {
            int k0 = (int) Math.ceil(lo / fs * segment);
            int k1 = (int) Math.floor(lo * 1.25 / fs * segment);
            double mean = 0;
            for (int k = k0; k <= k1; k++) {
                mean += psd[k];
            }
            mean /= (k1 - k0 + 1);
            double x = Math.log10(lo * Math.sqrt(1.25));
            double y = 10 * Math.log10(mean);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            points++;
        }
        double slope = (points * sxy - sx * sy) / (points * sxx - sx * sx);

        assertThat(slope).isCloseTo(-10, within(1.0));
    }

    @Test
    void whiteNoiseIsFlat() {
        float[] clean = sine(1 << 18, 1);
        double[] noise =
                SignalMath.difference(
                        new NoiseInjector(11).noisyCopy(clean, NoiseType.WHITE_GAUSSIAN, 0), clean);
        double[] psd = SignalMath.welchPsd(noise, 4096);

        double low = 0;
        double high = 0;
        for (int k = 20; k < 120; k++) {
            low += psd[k];
            high += psd[k + 1700];
        }
        assertThat(10 * Math.log10(low / high)).isCloseTo(0, within(1.0));
    }

    @Test
    void sameSeedSameNoiseAndInPlaceEqualsCopy() {
        float[] clean = sine(4096, 1);
        float[] copy = new NoiseInjector(3).noisyCopy(clean, NoiseType.LAPLACIAN, 2);
        float[] inPlace = clean.clone();
        new NoiseInjector(3).addInPlace(inPlace, NoiseType.LAPLACIAN, 2);
        float[] otherSeed = new NoiseInjector(4).noisyCopy(clean, NoiseType.LAPLACIAN, 2);

        assertThat(inPlace).isEqualTo(copy);
        assertThat(otherSeed).isNotEqualTo(copy);
        assertThat(clean).isEqualTo(sine(4096, 1));
    }

    @Test
    void noneLeavesTheSignalAloneAndRangesStayInside() {
        float[] x = sine(1000, 1);
        new NoiseInjector(1).addInPlace(x, NoiseType.NONE, -5);
        assertThat(x).isEqualTo(sine(1000, 1));

        new NoiseInjector(1).addInPlace(x, 100, 200, NoiseType.PINK, 0);
        float[] reference = sine(1000, 1);
        for (int i = 0; i < 1000; i++) {
            if (i < 100 || i >= 300) {
                assertThat(x[i]).isEqualTo(reference[i]);
            }
        }
        assertThat(
                        measuredSnrDb(
                                java.util.Arrays.copyOfRange(reference, 100, 300),
                                java.util.Arrays.copyOfRange(x, 100, 300)))
                .isCloseTo(0, within(0.01));
    }

    @Test
    void zeroSignalCannotHaveAnSnr() {
        assertThatThrownBy(
                        () ->
                                new NoiseInjector(1)
                                        .addInPlace(new float[64], NoiseType.WHITE_GAUSSIAN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero power");
    }
}
