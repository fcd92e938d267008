package io.drsnstream.training;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Changes a signal's sample rate by Fourier resampling (as {@code scipy.signal.resample}), with
 * JTransforms' FFT: the whole signal's spectrum is kept up to the lower of the two Nyquist
 * frequencies and cut off above it (the Nyquist bin itself is dropped), then transformed back at
 * the new length. The anti-aliasing filter is thus an ideal (brick-wall) low-pass at
 * {@code min(from, to) / 2}: nothing above the new Nyquist frequency folds back when
 * downsampling, and upsampling adds nothing above the old one. The FFT treats the signal as
 * periodic, so the first and last few milliseconds ring where the recording's end and start
 * do not meet; a recording is resampled once, whole, and such edge windows are a tiny share.
 */
final class FourierResampler {

    private FourierResampler() {}

    /** The number of samples {@code length} samples at {@code fromHz} become at {@code toHz}. */
    static int resampledLength(int length, double fromHz, double toHz) {
        return (int) Math.round(length * toHz / fromHz);
    }

    static float[] resample(float[] x, double fromHz, double toHz) {
        int n = x.length;
        int m = resampledLength(n, fromHz, toHz);
        if (m == n) {
            return x.clone();
        }
        if (m < 2) {
            throw new IllegalArgumentException(
                    n + " samples at " + fromHz + " Hz are fewer than 2 at " + toHz + " Hz");
        }
        double[] spectrum = new double[2 * n];
        for (int i = 0; i < n; i++) {
            spectrum[2 * i] = x[i];
        }
        new DoubleFFT_1D(n).complexForward(spectrum);
        // Bins strictly below the lower Nyquist frequency: 0..(k-1)/2 and their negative twins.
        int k = Math.min(n, m);
        int positive = (k - 1) / 2;
        double[] out = new double[2 * m];
        out[0] = spectrum[0];
        out[1] = spectrum[1];
        for (int b = 1; b <= positive; b++) {
            out[2 * b] = spectrum[2 * b];
            out[2 * b + 1] = spectrum[2 * b + 1];
            out[2 * (m - b)] = spectrum[2 * (n - b)];
            out[2 * (m - b) + 1] = spectrum[2 * (n - b) + 1];
        }
        new DoubleFFT_1D(m).complexInverse(out, true);
        float[] y = new float[m];
        double gain = (double) m / n;
        for (int i = 0; i < m; i++) {
            y[i] = (float) (out[2 * i] * gain);
        }
        return y;
    }
}
