package io.drsnstream.sim;

import java.util.random.RandomGenerator;

/**
 * A localised rolling-bearing defect (Randall and Antoni): impacts repeating at the fault
 * frequency, each ringing a structural resonance,
 * {@code x(t) = sum_i q(t_i) A_i h(t - t_i)}, {@code t_i = (i + tau_i) T}.
 * <ul>
 *   <li>Outer race: impacts at BPFO, no modulation (the defect stays in the load zone).</li>
 *   <li>Inner race: impacts at BPFI, {@code q = 1 + a cos(2 pi fr t)} as the defect rotates
 *       through the load zone.</li>
 *   <li>Ball: impacts at 2 x BSF (the defect strikes the inner and the outer race once per ball
 *       spin), {@code q = 1 + a cos(2 pi FTF t)} as the ball travels with the cage through the
 *       load zone.</li>
 * </ul>
 * Impacts are scheduled in shaft angle, so they follow a varying speed. {@code tau_i} is an
 * independent random slip (Gaussian, standard deviation 1-2 % of a period, clipped at 3 sigma),
 * {@code A_i} varies by 10 % from impact to impact. The mean impact amplitude is set so that the
 * fault's mean power is {@code kappa * severity^2} times the healthy vibration power, with
 * {@code kappa} drawn in [0.35, 0.5]: 9-12 % at severity 0.5, 35-50 % at severity 1.
 */
final class BearingFault {

    private final HealthState state;
    private final double impactOrder;
    private final double modulationOrder;
    private final double modulationDepth;
    private final double modulationPhase;
    private final double slip;
    private final double powerRatioAtFullSeverity;
    private final ImpulseResonator resonator;
    private final RandomGenerator random;
    private final double firstImpactRevolutions;
    private final double sampleRateHz;
    private long impactIndex;
    private double nextImpactRevolutions;

    /**
     * @param state INNER_RACE, OUTER_RACE or BALL
     * @param startRevolutions shaft angle at the first sample the fault will be asked for
     */
    BearingFault(
            HealthState state,
            BearingGeometry bearing,
            double sampleRateHz,
            double startRevolutions,
            RandomGenerator random) {
        if (!state.isBearingFault()) {
            throw new IllegalArgumentException(state + " is not a bearing fault");
        }
        this.state = state;
        this.random = random;
        this.sampleRateHz = sampleRateHz;
        switch (state) {
            case OUTER_RACE -> {
                impactOrder = bearing.bpfoOrder();
                modulationOrder = 0;
                modulationDepth = 0;
            }
            case INNER_RACE -> {
                impactOrder = bearing.bpfiOrder();
                modulationOrder = 1;
                modulationDepth = random.nextDouble(0.3, 0.8);
            }
            default -> {
                impactOrder = 2 * bearing.bsfOrder();
                modulationOrder = bearing.ftfOrder();
                modulationDepth = random.nextDouble(0.3, 0.7);
            }
        }
        this.modulationPhase = random.nextDouble();
        this.slip = random.nextDouble(0.01, 0.02);
        this.powerRatioAtFullSeverity = random.nextDouble(0.35, 0.5);
        this.resonator =
                new ImpulseResonator(
                        random.nextDouble(2500, 4500), random.nextDouble(0.04, 0.07), sampleRateHz);
        this.firstImpactRevolutions = startRevolutions + random.nextDouble() / impactOrder;
        this.impactIndex = 0;
        this.nextImpactRevolutions = scheduleImpact(0);
    }

    HealthState state() {
        return state;
    }

    /**
     * The fault vibration at the current sample; advances by one sample.
     *
     * @param revolutions shaft angle at this sample
     * @param shaftHz shaft speed at this sample
     * @param severity 0..1; 0 lets earlier impacts ring out but adds no new ones
     * @param healthyRms RMS of the healthy vibration at the current speed and load
     */
    double next(double revolutions, double shaftHz, double severity, double healthyRms) {
        while (revolutions >= nextImpactRevolutions) {
            double delaySamples = (revolutions - nextImpactRevolutions) / shaftHz * sampleRateHz;
            double q =
                    1
                            + modulationDepth
                                    * FastSine.cos(
                                            modulationOrder * nextImpactRevolutions
                                                    + modulationPhase);
            // Draw unconditionally so the random sequence does not depend on the severity script.
            double jitter = 1 + 0.1 * clippedGaussian();
            if (severity > 0) {
                strike(
                        severity * meanImpactAmplitude(shaftHz, healthyRms) * q * jitter,
                        delaySamples);
            }
            impactIndex++;
            nextImpactRevolutions = scheduleImpact(impactIndex);
        }
        return resonator.next();
    }

    private void strike(double amplitude, double delaySamples) {
        resonator.strike(amplitude, delaySamples);
    }

    /** Impact amplitude at severity 1 that gives the target fault power (see class comment). */
    private double meanImpactAmplitude(double shaftHz, double healthyRms) {
        double impactsPerSecond = impactOrder * shaftHz;
        double meanSquareModulation = 1 + modulationDepth * modulationDepth / 2;
        double targetPower = powerRatioAtFullSeverity * healthyRms * healthyRms;
        return Math.sqrt(
                targetPower
                        / (impactsPerSecond * resonator.unitImpactEnergy() * meanSquareModulation));
    }

    private double scheduleImpact(long index) {
        return firstImpactRevolutions + (index + slip * clippedGaussian()) / impactOrder;
    }

    private double clippedGaussian() {
        return Math.max(-3, Math.min(3, random.nextGaussian()));
    }
}
