package io.drsnstream.sim;

import org.jtransforms.fft.DoubleFFT_1D;

/** Small signal statistics for the tests. */
final class SignalMath {

    private SignalMath() {}

    static double kurtosis(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double m2 = 0;
        double m4 = 0;
        for (double v : x) {
            double d = (v - mean) * (v - mean);
            m2 += d;
            m4 += d * d;
        }
        m2 /= x.length;
        m4 /= x.length;
        return m4 / (m2 * m2);
    }

    static double[] difference(float[] a, float[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = (double) a[i] - b[i];
        }
        return d;
    }

    static double meanSquare(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s / x.length;
    }

    /** Welch power spectral density (arbitrary scale), Hann segments with 50 % overlap. */
    static double[] welchPsd(double[] x, int segment) {
        DoubleFFT_1D fft = new DoubleFFT_1D(segment);
        double[] psd = new double[segment / 2 + 1];
        int count = 0;
        for (int start = 0; start + segment <= x.length; start += segment / 2) {
            double[] z = new double[2 * segment];
            for (int i = 0; i < segment; i++) {
                double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / segment);
                z[2 * i] = x[start + i] * w;
            }
            fft.complexForward(z);
            for (int k = 0; k < psd.length; k++) {
                psd[k] += z[2 * k] * z[2 * k] + z[2 * k + 1] * z[2 * k + 1];
            }
            count++;
        }
        for (int k = 0; k < psd.length; k++) {
            psd[k] /= count;
        }
        return psd;
    }

    /** Hann-windowed amplitude spectrum, bins 0..n/2. */
    static double[] amplitudeSpectrum(float[] x) {
        int n = x.length;
        double[] z = new double[2 * n];
        double windowSum = 0;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            windowSum += w;
            z[2 * i] = x[i] * w;
        }
        new DoubleFFT_1D(n).complexForward(z);
        double[] a = new double[n / 2 + 1];
        for (int k = 0; k < a.length; k++) {
            a[k] = 2 * Math.hypot(z[2 * k], z[2 * k + 1]) / windowSum;
        }
        return a;
    }

    /** Largest value of {@code spectrum} within +-{@code binsEachSide} of the bin nearest {@code hz}. */
    static double maxNear(double[] spectrum, double binWidthHz, double hz, int binsEachSide) {
        int centre = (int) Math.round(hz / binWidthHz);
        double max = 0;
        for (int k = centre - binsEachSide; k <= centre + binsEachSide; k++) {
            max = Math.max(max, spectrum[k]);
        }
        return max;
    }
}
