package io.drsnstream.sim;

import java.util.random.RandomGenerator;

/**
 * A damaged tooth on the first-stage sun gear. Each time the tooth meshes with a planet
 * ({@link PlanetaryGearbox#sunToothFaultOrder()} times per input revolution, once per planet per
 * revolution of the sun relative to the carrier) the mesh vibration is modulated over a short
 * window, which puts sidebands at {@code f_mesh +- k f_tooth} around the mesh harmonics:
 * <ul>
 *   <li>Root crack: lower tooth stiffness, so a drop in mesh amplitude and a phase lag
 *       (transmission error) over less than a mesh period.</li>
 *   <li>Surface pitting: a rougher profile, so a rise in amplitude, mostly of the higher mesh
 *       harmonics, spread over a few mesh periods; little phase change.</li>
 *   <li>Broken tooth: a deep, narrow amplitude drop and a phase jump where the stub meshes, and
 *       an impact there ringing a structural resonance.</li>
 *   <li>Missing tooth: a flat-bottomed gap of about one mesh period with almost no mesh force
 *       (complete from severity 0.5 on), then a re-engagement impact as the next tooth takes the
 *       load, 2.5 times the power of a broken tooth's impact.</li>
 * </ul>
 * Modulation depths scale linearly with severity (the missing-tooth gap saturates at 0.5), the
 * impact power with severity squared. The faults differ in shape, not only in strength, so that
 * a weak missing tooth is not a strong broken tooth.
 */
final class GearToothFault {

    private final HealthState state;
    private final double toothOrder;
    private final double meshPeriodsPerToothEvent;
    private final double phaseCycles;
    private final double widthMeshPeriods;
    private final boolean flatBottomed;
    private final double amplitudeDepth;
    private final double phaseDepthCycles;
    private final double harmonicDepth;
    private final double impactPowerRatio;
    private final double impactDelayCycles;
    private final ImpulseResonator resonator;
    private final RandomGenerator random;
    private final double sampleRateHz;
    private double previousImpactCycles;

    private double amplitudeChange;
    private double phaseShiftCycles;
    private double higherHarmonicGain;

    /**
     * @param state one of the four gear faults
     * @param startRevolutions shaft angle at the sample before the first one the fault is asked for
     */
    GearToothFault(
            HealthState state,
            PlanetaryGearbox gearbox,
            double sampleRateHz,
            double startRevolutions,
            RandomGenerator random) {
        if (!state.isGearFault()) {
            throw new IllegalArgumentException(state + " is not a gear fault");
        }
        this.state = state;
        this.random = random;
        this.sampleRateHz = sampleRateHz;
        this.toothOrder = gearbox.sunToothFaultOrder();
        this.meshPeriodsPerToothEvent = gearbox.firstMeshOrder() / toothOrder;
        this.phaseCycles = random.nextDouble();
        double spread = random.nextDouble(0.8, 1.2);
        double impactDelayMeshPeriods = 0;
        switch (state) {
            case ROOT_CRACK -> {
                widthMeshPeriods = random.nextDouble(0.4, 0.6);
                flatBottomed = false;
                amplitudeDepth = -0.35 * spread;
                phaseDepthCycles = radiansToCycles(1.0) * spread;
                harmonicDepth = 0;
                impactPowerRatio = 0;
            }
            case SURFACE_PITTING -> {
                widthMeshPeriods = random.nextDouble(1.0, 1.5);
                flatBottomed = false;
                amplitudeDepth = 0.5 * spread;
                phaseDepthCycles = radiansToCycles(0.2) * spread;
                harmonicDepth = 1.2 * spread;
                impactPowerRatio = 0;
            }
            case BROKEN_TOOTH -> {
                widthMeshPeriods = random.nextDouble(0.35, 0.5);
                flatBottomed = false;
                amplitudeDepth = -0.6 * spread;
                phaseDepthCycles = radiansToCycles(0.3) * spread;
                harmonicDepth = 0;
                impactPowerRatio = random.nextDouble(0.1, 0.18);
            }
            default -> {
                widthMeshPeriods = random.nextDouble(0.5, 0.6);
                flatBottomed = true;
                amplitudeDepth = -0.95;
                phaseDepthCycles = radiansToCycles(0.5) * spread;
                harmonicDepth = 0;
                impactPowerRatio = 2.5 * random.nextDouble(0.1, 0.18);
                // The next tooth strikes as it takes up the load at the end of the gap.
                impactDelayMeshPeriods = 1.2 * widthMeshPeriods;
            }
        }
        this.impactDelayCycles = impactDelayMeshPeriods / meshPeriodsPerToothEvent;
        this.resonator =
                new ImpulseResonator(
                        random.nextDouble(1200, 2400), random.nextDouble(0.05, 0.08), sampleRateHz);
        this.previousImpactCycles = toothOrder * startRevolutions + phaseCycles - impactDelayCycles;
    }

    HealthState state() {
        return state;
    }

    /**
     * Advances by one sample: updates the mesh modulation for this sample (read with the
     * accessors) and returns the impact vibration at this sample.
     */
    double next(double revolutions, double shaftHz, double severity, double healthyRms) {
        double toothCycles = toothOrder * revolutions + phaseCycles;
        double fromNearestEvent = toothCycles - Math.rint(toothCycles);
        double u = fromNearestEvent * meshPeriodsPerToothEvent / widthMeshPeriods;
        double window = 0;
        if (Math.abs(u) < 4) {
            double u2 = u * u;
            window = Math.exp(-0.5 * (flatBottomed ? u2 * u2 : u2));
        }
        double amplitudeScale = flatBottomed ? Math.min(1, 2 * severity) : severity;
        // Below -0.95 the mesh force would change sign instead of vanishing.
        amplitudeChange = Math.max(-0.95, amplitudeScale * amplitudeDepth * window);
        phaseShiftCycles = severity * phaseDepthCycles * window;
        higherHarmonicGain = severity * harmonicDepth * window;

        double impactCycles = toothCycles - impactDelayCycles;
        if (Math.floor(impactCycles) > Math.floor(previousImpactCycles)) {
            double cyclesSinceImpact = impactCycles - Math.floor(impactCycles);
            double delaySamples = cyclesSinceImpact / (toothOrder * shaftHz) * sampleRateHz;
            double jitter = 1 + 0.1 * Math.max(-3, Math.min(3, random.nextGaussian()));
            if (severity > 0 && impactPowerRatio > 0) {
                resonator.strike(
                        severity * meanImpactAmplitude(shaftHz, healthyRms) * jitter, delaySamples);
            }
        }
        previousImpactCycles = impactCycles;
        return resonator.next();
    }

    /** Relative change of the mesh amplitude at the current sample. */
    double amplitudeChange() {
        return amplitudeChange;
    }

    /** Mesh phase shift at the current sample, in mesh cycles. */
    double phaseShiftCycles() {
        return phaseShiftCycles;
    }

    /** Extra relative change of mesh harmonics 2 and above at the current sample. */
    double higherHarmonicGain() {
        return higherHarmonicGain;
    }

    private double meanImpactAmplitude(double shaftHz, double healthyRms) {
        double impactsPerSecond = toothOrder * shaftHz;
        double targetPower = impactPowerRatio * healthyRms * healthyRms;
        return Math.sqrt(targetPower / (impactsPerSecond * resonator.unitImpactEnergy()));
    }

    private static double radiansToCycles(double radians) {
        return radians / (2 * Math.PI);
    }
}
