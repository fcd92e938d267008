package io.drsnstream.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The accelerometer signal of a simulated drivetrain, produced sample after sample:
 * <pre>
 *   x = shaft harmonics                          (1x-3x fr)
 *     + stage-1 and stage-2 mesh harmonics       (AM at planet pass; stage 1 AM/PM by a tooth fault)
 *     + bearing fault impacts on a resonance     (when the timeline says so)
 *     + gear fault impacts on a resonance        (broken / missing tooth)
 *     + measurement noise floor                  (Gaussian, 28-36 dB below the healthy RMS)
 * </pre>
 * The generator is a stateful bank of oscillators evaluated from the exact shaft angle plus
 * impact schedulers and resonators whose state carries over from one call to the next, so any
 * split of the output into {@link #fill} calls gives the same samples as one long call.
 *
 * <p>Operating condition: healthy amplitudes are given at {@value #REFERENCE_HZ} Hz and grow in
 * proportion to the shaft speed; the mesh amplitudes also grow with load by the factor
 * {@code 0.7 + 0.6 load} (0.7, 1.0, 1.3 at loads 0, 0.5, 1). Fault powers are set relative to
 * the healthy power at the current speed and load.
 *
 * <p>Everything random (amplitudes, phases, resonance, damping, slip, noise floor) is drawn from
 * {@code seed}: components draw from their own derived generators so that, for example, adding
 * a fault phase to a timeline does not change the healthy part of the signal. Every generator
 * runs a warm-up of {@value #WARMUP_SECONDS} s before sample 0 so that sample 0 already hears
 * the ring-down of earlier impacts.
 */
public final class VibrationGenerator {

    /** Speed at which the nominal amplitudes apply. */
    public static final double REFERENCE_HZ = 30.0;

    /** Length of the discarded warm-up before sample 0, in seconds. */
    public static final double WARMUP_SECONDS = 0.0125;

    private static final double[] STAGE1_MESH_AMPLITUDES = {1.0, 0.45, 0.2};
    private static final double[] STAGE2_MESH_AMPLITUDES = {0.35, 0.15};
    private static final long HEALTHY_STREAM = 1000;
    private static final long NOISE_FLOOR_STREAM = 1001;

    private final double sampleRateHz;
    private final SpeedProfile speed;
    private final Timeline timeline;
    private final double startRevolutions;
    private final ShaftHarmonics shaft;
    private final GearMeshVibration firstStage;
    private final GearMeshVibration secondStage;
    private final BearingFault[] bearingFaults;
    private final GearToothFault[] gearFaults;
    private final SplittableRandom noiseFloorRandom;
    private final double shaftPower;
    private final double meshPower;
    private final double loadFactor;
    private final double noiseFloorRelative;
    private long sampleIndex;
    private int phaseIndex;

    /**
     * A generator positioned at sample 0.
     *
     * @param drivetrain the machine
     * @param sampleRateHz samples per second
     * @param speed input shaft speed over time
     * @param load load as a fraction of rated load, 0 or more (amplitude scaling)
     * @param timeline health state and severity over time (its noise settings are not used here)
     * @param seed determines every random choice
     */
    public VibrationGenerator(
            Drivetrain drivetrain,
            double sampleRateHz,
            SpeedProfile speed,
            double load,
            Timeline timeline,
            long seed) {
        if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
            throw new IllegalArgumentException(
                    "sampleRateHz must be positive, was " + sampleRateHz);
        }
        if (!(load >= 0) || Double.isInfinite(load)) {
            throw new IllegalArgumentException("load must be >= 0, was " + load);
        }
        this.sampleRateHz = sampleRateHz;
        this.speed = speed;
        this.timeline = timeline;
        this.loadFactor = 0.7 + 0.6 * load;

        long warmup = Math.round(WARMUP_SECONDS * sampleRateHz);
        this.sampleIndex = -warmup;

        SplittableRandom healthy = new SplittableRandom(Seeds.derive(seed, HEALTHY_STREAM));
        this.startRevolutions = healthy.nextDouble();
        this.shaft = new ShaftHarmonics(healthy);
        PlanetaryGearbox gearbox = drivetrain.gearbox();
        this.firstStage =
                new GearMeshVibration(
                        gearbox.firstMeshOrder(),
                        gearbox.firstPlanetPassOrder(),
                        STAGE1_MESH_AMPLITUDES,
                        healthy);
        this.secondStage =
                new GearMeshVibration(
                        gearbox.secondMeshOrder(),
                        gearbox.secondPlanetPassOrder(),
                        STAGE2_MESH_AMPLITUDES,
                        healthy);
        this.noiseFloorRelative = Math.pow(10, -healthy.nextDouble(28, 36) / 20);
        this.shaftPower = shaft.power();
        this.meshPower = firstStage.power() + secondStage.power();
        this.noiseFloorRandom = new SplittableRandom(Seeds.derive(seed, NOISE_FLOOR_STREAM));

        double firstRevolutions = revolutionsAt(sampleIndex);
        double previousRevolutions = revolutionsAt(sampleIndex - 1);
        List<BearingFault> bearings = new ArrayList<>();
        List<GearToothFault> gears = new ArrayList<>();
        for (HealthState state : timeline.faultStates()) {
            SplittableRandom random = new SplittableRandom(Seeds.derive(seed, state.classIndex()));
            if (state.isBearingFault()) {
                bearings.add(
                        new BearingFault(
                                state,
                                drivetrain.bearing(),
                                sampleRateHz,
                                firstRevolutions,
                                random));
            } else {
                gears.add(
                        new GearToothFault(
                                state, gearbox, sampleRateHz, previousRevolutions, random));
            }
        }
        this.bearingFaults = bearings.toArray(new BearingFault[0]);
        this.gearFaults = gears.toArray(new GearToothFault[0]);

        while (sampleIndex < 0) {
            nextSample();
        }
    }

    /** Index of the next sample {@link #fill} will produce (0 for a new generator). */
    public long position() {
        return sampleIndex;
    }

    /** Sample rate in Hz. */
    public double sampleRateHz() {
        return sampleRateHz;
    }

    /**
     * RMS of the healthy (fault-free, noise-free) vibration at shaft speed {@code shaftHz},
     * for this generator's load and random amplitudes.
     */
    public double healthyRms(double shaftHz) {
        double s = shaftHz / REFERENCE_HZ;
        return s * Math.sqrt(shaftPower + loadFactor * loadFactor * meshPower);
    }

    /** Writes the next {@code length} samples to {@code out[offset, offset + length)}. */
    public void fill(float[] out, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            out[i] = (float) nextSample();
        }
    }

    /** The next {@code length} samples in a new array. */
    public float[] next(int length) {
        float[] out = new float[length];
        fill(out, 0, length);
        return out;
    }

    private double revolutionsAt(long index) {
        return speed.revolutionsAt(index / sampleRateHz) + startRevolutions;
    }

    private double nextSample() {
        double t = sampleIndex / sampleRateHz;
        double shaftHz = speed.hzAt(t);
        double revolutions = speed.revolutionsAt(t) + startRevolutions;
        double speedScale = shaftHz / REFERENCE_HZ;
        double healthyRms = healthyRms(shaftHz);

        phaseIndex = advancePhase(t);
        HealthState state = timeline.phases().get(phaseIndex).state();
        double severity = state == HealthState.HEALTHY ? 0 : timeline.severityIn(phaseIndex, t);

        double x = 0;
        double amplitudeChange = 0;
        double phaseShift = 0;
        double harmonicGain = 0;
        for (GearToothFault gear : gearFaults) {
            double own = gear.state() == state ? severity : 0;
            x += gear.next(revolutions, shaftHz, own, healthyRms);
            amplitudeChange += gear.amplitudeChange();
            phaseShift += gear.phaseShiftCycles();
            harmonicGain += gear.higherHarmonicGain();
        }
        for (BearingFault bearing : bearingFaults) {
            double own = bearing.state() == state ? severity : 0;
            x += bearing.next(revolutions, shaftHz, own, healthyRms);
        }
        x += speedScale * shaft.sample(revolutions);
        x +=
                speedScale
                        * loadFactor
                        * (firstStage.sample(revolutions, amplitudeChange, phaseShift, harmonicGain)
                                + secondStage.sample(revolutions));
        x += healthyRms * noiseFloorRelative * noiseFloorRandom.nextGaussian();
        sampleIndex++;
        return x;
    }

    private int advancePhase(double t) {
        int i = phaseIndex;
        int last = timeline.phases().size() - 1;
        while (i < last && t >= timeline.phaseStart(i + 1)) {
            i++;
        }
        return i;
    }
}
