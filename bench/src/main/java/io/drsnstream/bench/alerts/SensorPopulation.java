package io.drsnstream.bench.alerts;

import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.OperatingRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The sensors of one seed set: every random choice of the measurement (operating points, onsets,
 * severities, the sensors' own seeds) comes from the set's seed, so that the set that chooses
 * the defaults and the set that reports their figures share nothing.
 *
 * @param seed the seed set
 * @param healthy sensors that stay healthy
 * @param faulty sensors that turn faulty, the same number per fault
 */
public record SensorPopulation(
        long seed, List<SimulatedSensor> healthy, List<SimulatedSensor> faulty) {

    /**
     * Draws the sensors.
     *
     * @param seed the seed set
     * @param range operating points: each sensor's speed drifts between two speeds drawn from the
     *     range over its span, its load is drawn from the range
     * @param healthyCount healthy sensors
     * @param healthySeconds span of each healthy sensor
     * @param faults the faults, each given to {@code perFault} sensors
     * @param perFault sensors per fault
     * @param onsetSeconds the earliest and latest onset (uniform between)
     * @param severity the lowest and highest severity (uniform between)
     * @param faultySeconds how long a faulty sensor runs after its onset at most
     */
    public static SensorPopulation draw(
            long seed,
            OperatingRange range,
            int healthyCount,
            double healthySeconds,
            List<HealthState> faults,
            int perFault,
            double[] onsetSeconds,
            double[] severity,
            double faultySeconds) {
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom healthyRandom = root.split();
        SplittableRandom faultyRandom = root.split();
        List<SimulatedSensor> healthy = new ArrayList<>();
        for (int i = 0; i < healthyCount; i++) {
            healthy.add(
                    new SimulatedSensor(
                            String.format(Locale.ROOT, "healthy-%02d", i + 1),
                            healthyRandom.nextLong(),
                            uniform(healthyRandom, range.minHz(), range.maxHz()),
                            uniform(healthyRandom, range.minHz(), range.maxHz()),
                            healthySeconds,
                            uniform(healthyRandom, range.minLoad(), range.maxLoad()),
                            HealthState.HEALTHY,
                            Double.POSITIVE_INFINITY,
                            0));
        }
        List<SimulatedSensor> faulty = new ArrayList<>();
        for (HealthState fault : faults) {
            if (fault == HealthState.HEALTHY) {
                throw new IllegalArgumentException("HEALTHY is not a fault");
            }
            for (int i = 0; i < perFault; i++) {
                double onset = uniform(faultyRandom, onsetSeconds[0], onsetSeconds[1]);
                faulty.add(
                        new SimulatedSensor(
                                String.format(
                                        Locale.ROOT,
                                        "%s-%02d",
                                        fault.name().toLowerCase(Locale.ROOT),
                                        i + 1),
                                faultyRandom.nextLong(),
                                uniform(faultyRandom, range.minHz(), range.maxHz()),
                                uniform(faultyRandom, range.minHz(), range.maxHz()),
                                onset + faultySeconds,
                                uniform(faultyRandom, range.minLoad(), range.maxLoad()),
                                fault,
                                onset,
                                uniform(faultyRandom, severity[0], severity[1])));
            }
        }
        return new SensorPopulation(seed, List.copyOf(healthy), List.copyOf(faulty));
    }

    private static double uniform(SplittableRandom random, double min, double max) {
        return min + random.nextDouble() * (max - min);
    }
}
