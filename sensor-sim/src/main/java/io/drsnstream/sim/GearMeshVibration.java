package io.drsnstream.sim;

import java.util.random.RandomGenerator;

/**
 * Tooth-mesh vibration of one planetary stage: harmonics of the mesh frequency, amplitude
 * modulated at the planet-pass frequency because each planet's mesh is heard loudest as it
 * passes the sensor on the ring. A tooth fault adds amplitude and phase modulation
 * (see {@link GearToothFault}).
 */
final class GearMeshVibration {

    private final double meshOrder;
    private final double planetPassOrder;
    private final double[] amplitude;
    private final double[] phaseCycles;
    private final double planetPassDepth;
    private final double planetPassPhase;

    /**
     * @param meshOrder mesh frequency / input shaft frequency
     * @param planetPassOrder planet-pass frequency / input shaft frequency
     * @param nominalAmplitudes nominal amplitudes (g, at reference speed and load) of the mesh
     *     harmonics 1, 2, ...; each window draws within +-20 %
     */
    GearMeshVibration(
            double meshOrder,
            double planetPassOrder,
            double[] nominalAmplitudes,
            RandomGenerator random) {
        this.meshOrder = meshOrder;
        this.planetPassOrder = planetPassOrder;
        this.amplitude = new double[nominalAmplitudes.length];
        this.phaseCycles = new double[nominalAmplitudes.length];
        for (int h = 0; h < amplitude.length; h++) {
            amplitude[h] = nominalAmplitudes[h] * random.nextDouble(0.8, 1.2);
            phaseCycles[h] = random.nextDouble();
        }
        this.planetPassDepth = random.nextDouble(0.1, 0.35);
        this.planetPassPhase = random.nextDouble();
    }

    /** The healthy mesh vibration at shaft angle {@code revolutions}. */
    double sample(double revolutions) {
        return sample(revolutions, 0, 0, 0);
    }

    /**
     * The mesh vibration with tooth-fault modulation.
     *
     * @param revolutions input shaft angle in revolutions
     * @param amplitudeChange relative change of all harmonics (e.g. -0.9: nearly no mesh force)
     * @param phaseShiftCycles shift of the mesh phase in mesh cycles (transmission error)
     * @param higherHarmonicGain extra relative change of harmonics 2 and above (profile damage)
     */
    double sample(
            double revolutions,
            double amplitudeChange,
            double phaseShiftCycles,
            double higherHarmonicGain) {
        double meshCycles = meshOrder * revolutions + phaseShiftCycles;
        double x = 0;
        for (int h = 0; h < amplitude.length; h++) {
            double gain = 1 + amplitudeChange + (h > 0 ? higherHarmonicGain : 0);
            x += amplitude[h] * gain * FastSine.sin((h + 1) * meshCycles + phaseCycles[h]);
        }
        double envelope =
                1 + planetPassDepth * FastSine.cos(planetPassOrder * revolutions + planetPassPhase);
        return envelope * x;
    }

    /** Mean power of the healthy mesh vibration at reference speed and load. */
    double power() {
        double p = 0;
        for (double a : amplitude) {
            p += a * a / 2;
        }
        return p * (1 + planetPassDepth * planetPassDepth / 2);
    }
}
