package io.drsnstream.sim;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The envelope spectrum, the standard tool for finding bearing fault frequencies: the signal is
 * band-pass filtered around the resonance the impacts excite, its envelope is taken as the
 * magnitude of the analytic signal (Hilbert transform), and the amplitude spectrum of the
 * envelope shows lines at the impact rate and its modulation sidebands.
 *
 * <p>Band-pass and Hilbert transform are done in one step in the frequency domain: bins inside
 * the band are kept (doubled), all others (DC, negative frequencies, out of band) are zeroed.
 * The envelope's mean is removed and a Hann window applied before its spectrum is taken;
 * amplitudes are scaled so that a sinusoidal envelope component of amplitude {@code a} reads
 * {@code a}. The resolution is {@code sampleRate / length}.
 */
public final class EnvelopeSpectrum {

    private final double binWidthHz;
    private final double[] amplitudes;
    private final double[] envelope;

    private EnvelopeSpectrum(double binWidthHz, double[] amplitudes, double[] envelope) {
        this.binWidthHz = binWidthHz;
        this.amplitudes = amplitudes;
        this.envelope = envelope;
    }

    /** The envelope spectrum of the whole band (0 to Nyquist). */
    public static EnvelopeSpectrum of(float[] signal, double sampleRateHz) {
        return of(signal, sampleRateHz, 0, sampleRateHz / 2);
    }

    /**
     * The envelope spectrum of {@code signal} band-passed to {@code [bandLowHz, bandHighHz]}.
     *
     * @throws IllegalArgumentException for fewer than 16 samples or an empty band
     */
    public static EnvelopeSpectrum of(
            float[] signal, double sampleRateHz, double bandLowHz, double bandHighHz) {
        int n = signal.length;
        if (n < 16) {
            throw new IllegalArgumentException("need at least 16 samples, got " + n);
        }
        if (!(bandHighHz > bandLowHz) || bandLowHz < 0) {
            throw new IllegalArgumentException("bad band [" + bandLowHz + ", " + bandHighHz + "]");
        }
        DoubleFFT_1D fft = new DoubleFFT_1D(n);
        double[] z = new double[2 * n];
        for (int i = 0; i < n; i++) {
            z[2 * i] = signal[i];
        }
        fft.complexForward(z);
        double binWidth = sampleRateHz / n;
        for (int k = 0; k < n; k++) {
            double hz = k * binWidth;
            boolean keep = k > 0 && 2 * k < n && hz >= bandLowHz && hz <= bandHighHz;
            double gain = keep ? 2 : 0;
            z[2 * k] *= gain;
            z[2 * k + 1] *= gain;
        }
        fft.complexInverse(z, true);

        double[] envelope = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            envelope[i] = Math.hypot(z[2 * i], z[2 * i + 1]);
            mean += envelope[i];
        }
        mean /= n;

        double windowSum = 0;
        Arrays.fill(z, 0);
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            windowSum += w;
            z[2 * i] = (envelope[i] - mean) * w;
        }
        fft.complexForward(z);
        double[] amplitudes = new double[n / 2 + 1];
        for (int k = 0; k < amplitudes.length; k++) {
            amplitudes[k] = 2 * Math.hypot(z[2 * k], z[2 * k + 1]) / windowSum;
        }
        return new EnvelopeSpectrum(binWidth, amplitudes, envelope);
    }

    /** Frequency spacing of the bins in Hz. */
    public double binWidthHz() {
        return binWidthHz;
    }

    /** Number of bins (0 Hz to Nyquist). */
    public int size() {
        return amplitudes.length;
    }

    /** Frequency of bin {@code k} in Hz. */
    public double frequencyOf(int k) {
        return k * binWidthHz;
    }

    /** Amplitude of bin {@code k}. */
    public double amplitude(int k) {
        return amplitudes[k];
    }

    /** A copy of all bin amplitudes, bin 0 (0 Hz) to Nyquist. */
    public double[] amplitudes() {
        return amplitudes.clone();
    }

    /** A copy of the envelope itself (the magnitude of the band-passed analytic signal). */
    public double[] envelope() {
        return envelope.clone();
    }

    /** The frequency of the largest bin within {@code [lowHz, highHz]}. */
    public double peakFrequency(double lowHz, double highHz) {
        int best = firstBin(lowHz);
        for (int k = best; k <= lastBin(highHz); k++) {
            if (amplitudes[k] > amplitudes[best]) {
                best = k;
            }
        }
        return frequencyOf(best);
    }

    /** The largest amplitude within {@code [lowHz, highHz]}. */
    public double maxAmplitude(double lowHz, double highHz) {
        double max = 0;
        for (int k = firstBin(lowHz); k <= lastBin(highHz); k++) {
            max = Math.max(max, amplitudes[k]);
        }
        return max;
    }

    /** The largest amplitude within {@code hz * (1 +- relativeTolerance)}, at least +-1 bin. */
    public double maxAmplitudeNear(double hz, double relativeTolerance) {
        double half = Math.max(hz * relativeTolerance, binWidthHz);
        return maxAmplitude(hz - half, hz + half);
    }

    /** The median amplitude within {@code [lowHz, highHz]}: the background level. */
    public double medianAmplitude(double lowHz, double highHz) {
        double[] band = Arrays.copyOfRange(amplitudes, firstBin(lowHz), lastBin(highHz) + 1);
        Arrays.sort(band);
        return band.length == 0 ? 0 : band[band.length / 2];
    }

    private int firstBin(double hz) {
        return Math.max(0, Math.min(amplitudes.length - 1, (int) Math.ceil(hz / binWidthHz)));
    }

    private int lastBin(double hz) {
        return Math.max(0, Math.min(amplitudes.length - 1, (int) Math.floor(hz / binWidthHz)));
    }
}
