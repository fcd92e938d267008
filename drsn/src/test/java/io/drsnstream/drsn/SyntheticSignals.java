package io.drsnstream.drsn;

import java.util.Random;

/**
 * Class-dependent synthetic windows for tests: class k is a tone with its own period, odd classes
 * amplitude-modulated into decaying bursts (impulsive), all with random phase, a little frequency
 * jitter and white noise.
 */
public final class SyntheticSignals {

    private static final double[] PERIODS = {4, 6, 8.5, 11, 15, 20, 27, 36};

    /** The windows. */
    public final float[][] windows;

    /** The class of each window. */
    public final int[] labels;

    private SyntheticSignals(float[][] windows, int[] labels) {
        this.windows = windows;
        this.labels = labels;
    }

    /**
     * Generates a balanced, shuffled set.
     *
     * @param classes 2..8
     * @param perClass windows per class
     * @param length samples per window
     * @param noiseStd white-noise std relative to a unit-amplitude tone
     * @param seed the seed
     * @return the set
     */
    public static SyntheticSignals generate(
            int classes, int perClass, int length, double noiseStd, long seed) {
        Random rng = new Random(seed);
        int n = classes * perClass;
        float[][] windows = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        for (int i = 0; i < n; i++) {
            windows[i] = window(labels[i], length, noiseStd, rng);
        }
        return new SyntheticSignals(windows, labels);
    }

    private static float[] window(int k, int length, double noiseStd, Random rng) {
        double period = PERIODS[k] * (1 + 0.03 * (rng.nextDouble() * 2 - 1));
        double phase = rng.nextDouble() * 2 * Math.PI;
        double amplitude = 0.5 + rng.nextDouble();
        int burstPeriod = 64;
        int burstOffset = rng.nextInt(burstPeriod);
        float[] w = new float[length];
        for (int t = 0; t < length; t++) {
            double tone = Math.sin(2 * Math.PI * t / period + phase);
            if (k % 2 == 1) {
                int since = Math.floorMod(t - burstOffset, burstPeriod);
                tone *= 2 * Math.exp(-since / (1.5 * period));
            }
            w[t] = (float) (amplitude * (tone + noiseStd * rng.nextGaussian()));
        }
        return w;
    }
}
