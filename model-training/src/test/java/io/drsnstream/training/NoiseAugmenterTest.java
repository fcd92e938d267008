package io.drsnstream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NoiseAugmenterTest {

    private static float[] signal(int length, long seed) {
        Random r = new Random(seed);
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] =
                    (float)
                            (Math.sin(2 * Math.PI * 0.013 * i)
                                    + 0.5 * Math.sin(2 * Math.PI * 0.11 * i)
                                    + 0.1 * r.nextGaussian());
        }
        return x;
    }

    private static double snrDb(float[] clean, float[] noisy) {
        double ps = 0;
        double pn = 0;
        for (int i = 0; i < clean.length; i++) {
            ps += (double) clean[i] * clean[i];
            double n = noisy[i] - clean[i];
            pn += n * n;
        }
        return 10 * Math.log10(ps / pn);
    }

    @ParameterizedTest
    @EnumSource(
            value = NoiseChoice.class,
            names = {"GAUSSIAN", "LAPLACIAN", "PINK", "MIXED"})
    void givesTheRequestedSnrOnALongWindow(NoiseChoice noise) {
        for (double target : new double[] {-5, 0, 3.5}) {
            float[] clean = signal(65_536, 1);
            float[][] batch = {clean.clone(), clean.clone()};
            new NoiseAugmenter(noise, target, target, 0).augment(batch, new Random(3));
            for (float[] noisy : batch) {
                assertThat(snrDb(clean, noisy))
                        .as("%s at %s dB", noise, target)
                        .isCloseTo(target, within(0.5));
            }
        }
    }

    @Test
    void drawsSnrsFromTheRange() {
        float[] clean = signal(8_192, 2);
        float[][] batch = new float[200][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = clean.clone();
        }
        new NoiseAugmenter(NoiseChoice.GAUSSIAN, -5, 5, 0).augment(batch, new Random(4));
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float[] noisy : batch) {
            double snr = snrDb(clean, noisy);
            min = Math.min(min, snr);
            max = Math.max(max, snr);
        }
        assertThat(min).isBetween(-5.6, -3.5);
        assertThat(max).isBetween(3.5, 5.6);
    }

    @Test
    void leavesTheCleanShareUntouched() {
        float[][] clean = new float[1_000][];
        float[][] batch = new float[clean.length][];
        for (int i = 0; i < clean.length; i++) {
            clean[i] = signal(256, i);
            batch[i] = clean[i].clone();
        }
        new NoiseAugmenter(NoiseChoice.MIXED, -5, 5, 0.25).augment(batch, new Random(5));
        int untouched = 0;
        for (int i = 0; i < clean.length; i++) {
            if (Arrays.equals(clean[i], batch[i])) {
                untouched++;
            } else {
                assertThat(snrDb(clean[i], batch[i])).isBetween(-7.0, 7.0);
            }
        }
        // Binomial(1000, 0.25): mean 250, standard deviation 13.7.
        assertThat(untouched).isBetween(200, 300);
    }

    @Test
    void noneAndFullCleanShareChangeNothing() {
        float[][] batch = {signal(512, 1), signal(512, 2)};
        float[][] copy = {batch[0].clone(), batch[1].clone()};
        new NoiseAugmenter(NoiseChoice.NONE, -5, 5, 0).augment(batch, new Random(1));
        new NoiseAugmenter(NoiseChoice.PINK, -5, 5, 1).augment(batch, new Random(1));
        assertThat(batch).isDeepEqualTo(copy);
    }

    @Test
    void theSameRandomGivesTheSameNoise() {
        float[][] a = {signal(1024, 1), signal(1024, 2), signal(1024, 3)};
        float[][] b = {a[0].clone(), a[1].clone(), a[2].clone()};
        new NoiseAugmenter(NoiseChoice.MIXED, -5, 5, 0.2).augment(a, new Random(9));
        new NoiseAugmenter(NoiseChoice.MIXED, -5, 5, 0.2).augment(b, new Random(9));
        assertThat(a).isDeepEqualTo(b);
    }

    @Test
    void rejectsABadRange() {
        assertThatThrownBy(() -> new NoiseAugmenter(NoiseChoice.PINK, 5, -5, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NoiseAugmenter(NoiseChoice.PINK, -5, 5, 1.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
