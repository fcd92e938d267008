package io.drsnstream.sim;

import java.util.random.RandomGenerator;

/**
 * Vibration at the first harmonics of the input shaft speed (residual unbalance, misalignment).
 * Amplitudes are given at the reference speed; the generator scales them with speed.
 */
final class ShaftHarmonics {

    /** Nominal amplitudes (g) of 1x, 2x, 3x fr; each window draws within +-30 %. */
    private static final double[] NOMINAL = {0.30, 0.12, 0.06};

    private final double[] amplitude = new double[NOMINAL.length];
    private final double[] phaseCycles = new double[NOMINAL.length];

    ShaftHarmonics(RandomGenerator random) {
        for (int k = 0; k < NOMINAL.length; k++) {
            amplitude[k] = NOMINAL[k] * random.nextDouble(0.7, 1.3);
            phaseCycles[k] = random.nextDouble();
        }
    }

    /** The vibration at shaft angle {@code revolutions}, at reference speed. */
    double sample(double revolutions) {
        double x = 0;
        for (int k = 0; k < amplitude.length; k++) {
            x += amplitude[k] * FastSine.sin((k + 1) * revolutions + phaseCycles[k]);
        }
        return x;
    }

    /** Mean power at reference speed. */
    double power() {
        double p = 0;
        for (double a : amplitude) {
            p += a * a / 2;
        }
        return p;
    }
}
