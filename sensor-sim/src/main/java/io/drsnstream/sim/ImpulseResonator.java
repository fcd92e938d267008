package io.drsnstream.sim;

/**
 * A structural resonance of the housing, struck by impacts: the sum of the responses
 * {@code A_i h(t - t_i)} with {@code h(t) = exp(-zeta wn t) sin(wd t)}.
 *
 * <p>Because the system is linear, all impacts share one complex one-pole state, rotated and
 * decayed by a constant factor per sample; an impact between two samples enters with the
 * phase and decay it would have accumulated by the next sample. Cost per sample is a complex
 * multiplication however many impacts are still ringing.
 */
final class ImpulseResonator {

    // Below this magnitude the state is flushed to zero: decaying into subnormal doubles
    // would slow every later sample down by an order of magnitude.
    private static final double FLUSH = 1e-30;

    private final double sampleRateHz;
    private final double decayPerSecond;
    private final double dampedRadPerSecond;
    private final double poleRe;
    private final double poleIm;
    private double stateRe;
    private double stateIm;

    /**
     * @param naturalHz undamped natural frequency
     * @param dampingRatio damping ratio zeta, in (0, 1)
     * @param sampleRateHz sample rate of the output
     */
    ImpulseResonator(double naturalHz, double dampingRatio, double sampleRateHz) {
        double wn = 2 * Math.PI * naturalHz;
        this.sampleRateHz = sampleRateHz;
        this.decayPerSecond = dampingRatio * wn;
        this.dampedRadPerSecond = wn * Math.sqrt(1 - dampingRatio * dampingRatio);
        double r = Math.exp(-decayPerSecond / sampleRateHz);
        this.poleRe = r * Math.cos(dampedRadPerSecond / sampleRateHz);
        this.poleIm = r * Math.sin(dampedRadPerSecond / sampleRateHz);
    }

    /**
     * Adds an impact of peak-scale {@code amplitude} that happened {@code delaySamples}
     * (0 or more) before the sample that {@link #next()} returns next.
     */
    void strike(double amplitude, double delaySamples) {
        double dt = delaySamples / sampleRateHz;
        double decayed = amplitude * Math.exp(-decayPerSecond * dt);
        stateRe += decayed * Math.cos(dampedRadPerSecond * dt);
        stateIm += decayed * Math.sin(dampedRadPerSecond * dt);
    }

    /** The response at the current sample; advances by one sample. */
    double next() {
        double out = stateIm;
        double re = stateRe * poleRe - stateIm * poleIm;
        double im = stateRe * poleIm + stateIm * poleRe;
        if (Math.abs(re) + Math.abs(im) < FLUSH) {
            re = 0;
            im = 0;
        }
        stateRe = re;
        stateIm = im;
        return out;
    }

    /** Energy {@code integral of h(t)^2 dt} of the response to a unit impact, in s. */
    double unitImpactEnergy() {
        double s = decayPerSecond;
        double w = dampedRadPerSecond;
        return w * w / (4 * s * (s * s + w * w));
    }
}
