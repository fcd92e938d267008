package io.drsnstream.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Adds noise to a signal at a target signal-to-noise ratio, measured on the signal's own power:
 * {@code sigma^2 = P_signal / 10^(SNR_dB / 10)} with {@code P_signal} the mean square of the
 * samples being noised.
 * <ul>
 *   <li>{@link NoiseType#WHITE_GAUSSIAN}: {@code N(0, sigma^2)} per sample.</li>
 *   <li>{@link NoiseType#LAPLACIAN}: Laplace with scale {@code b = sigma / sqrt(2)} (variance sigma^2).</li>
 *   <li>{@link NoiseType#PINK}: white Gaussian noise shaped by {@code 1/sqrt(f)} in the frequency
 *       domain over the whole window (DC removed), then rescaled to variance exactly sigma^2.</li>
 * </ul>
 *
 * <p>An injector is a seeded random stream: the same seed and the same sequence of calls give
 * the same noise. It is not thread-safe; use one per thread (for example one per window, seeded
 * from the window index, which also makes parallel use deterministic).
 */
public final class NoiseInjector {

    private final SplittableRandom random;
    // FFT plans are costly to build and the same window length recurs.
    private final Map<Integer, DoubleFFT_1D> fftByLength = new HashMap<>();

    /** An injector whose noise is fully determined by {@code seed}. */
    public NoiseInjector(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Adds noise to the whole of {@code signal}, in place. */
    public void addInPlace(float[] signal, NoiseType type, double snrDb) {
        addInPlace(signal, 0, signal.length, type, snrDb);
    }

    /**
     * Adds noise to {@code signal[offset, offset + length)}, in place; the SNR refers to the power
     * of that range.
     *
     * @throws IllegalArgumentException for a non-finite SNR, or an all-zero range with noise requested
     */
    public void addInPlace(float[] signal, int offset, int length, NoiseType type, double snrDb) {
        if (type == NoiseType.NONE || length == 0) {
            return;
        }
        if (!Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("snrDb must be finite, was " + snrDb);
        }
        double power = meanSquare(signal, offset, length);
        if (!(power > 0)) {
            throw new IllegalArgumentException("cannot set an SNR on a signal of zero power");
        }
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
        switch (type) {
            case WHITE_GAUSSIAN -> {
                for (int i = offset; i < offset + length; i++) {
                    signal[i] += (float) (sigma * random.nextGaussian());
                }
            }
            case LAPLACIAN -> {
                double b = sigma / Math.sqrt(2);
                for (int i = offset; i < offset + length; i++) {
                    // Exponential magnitude with a random sign is Laplace; 1 - u is in (0, 1], so
                    // log is finite.
                    double magnitude = -b * Math.log(1 - random.nextDouble());
                    signal[i] += (float) (random.nextBoolean() ? magnitude : -magnitude);
                }
            }
            case PINK -> addPink(signal, offset, length, sigma);
            default -> throw new IllegalStateException("unhandled noise type " + type);
        }
    }

    /** A noisy copy of {@code signal}; the input is left unchanged. */
    public float[] noisyCopy(float[] signal, NoiseType type, double snrDb) {
        float[] copy = signal.clone();
        addInPlace(copy, type, snrDb);
        return copy;
    }

    /** Mean square of {@code x[offset, offset + length)}, accumulated in double. */
    public static double meanSquare(float[] x, int offset, int length) {
        double sum = 0;
        for (int i = offset; i < offset + length; i++) {
            sum += (double) x[i] * x[i];
        }
        return length == 0 ? 0 : sum / length;
    }

    private void addPink(float[] signal, int offset, int length, double sigma) {
        if (length < 2) {
            // A single sample has no spectrum to shape; white noise is the only sensible choice.
            signal[offset] += (float) (sigma * random.nextGaussian());
            return;
        }
        double[] z = new double[2 * length];
        for (int i = 0; i < length; i++) {
            z[2 * i] = random.nextGaussian();
        }
        DoubleFFT_1D fft = fftByLength.computeIfAbsent(length, n -> new DoubleFFT_1D(n));
        fft.complexForward(z);
        z[0] = 0;
        z[1] = 0;
        for (int k = 1; k < length; k++) {
            // Bin k and its mirror length-k share |f|; amplitude 1/sqrt(f) makes power 1/f.
            double gain = 1 / Math.sqrt(Math.min(k, length - k));
            z[2 * k] *= gain;
            z[2 * k + 1] *= gain;
        }
        fft.complexInverse(z, true);
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < length; i++) {
            sum += z[2 * i];
            sumSq += z[2 * i] * z[2 * i];
        }
        double mean = sum / length;
        double variance = sumSq / length - mean * mean;
        double scale = variance > 0 ? sigma / Math.sqrt(variance) : 0;
        for (int i = 0; i < length; i++) {
            signal[offset + i] += (float) ((z[2 * i] - mean) * scale);
        }
    }
}
