package io.drsnstream.demo.fleet;

import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.NoiseType;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.Timeline;
import java.util.ArrayList;
import java.util.List;

/**
 * A few machines with a few accelerometers each, all running the same script: healthy at first,
 * then one fault (a different one per machine) appears and grows. Machine 0 stays healthy
 * throughout, as the reference a viewer compares against. Every sensor, the healthy machine's
 * included, carries measurement noise at the script's SNR from the first sample on, and the
 * machines run at different shaft speeds, between the nominal 20/30/40 Hz as well as on them:
 * a false alarm on the healthy machine under noise or off the nominal speeds shows.
 */
public final class SimulatedFleet {

    /** The faults handed out to machines 1, 2, ... in turn. */
    private static final HealthState[] FAULTS = {
        HealthState.OUTER_RACE,
        HealthState.INNER_RACE,
        HealthState.MISSING_TOOTH,
        HealthState.BALL,
        HealthState.BROKEN_TOOTH,
        HealthState.SURFACE_PITTING,
        HealthState.ROOT_CRACK
    };

    /** Shaft speeds handed out to machines 0, 1, ... in turn: off the nominal 20/30/40 Hz first. */
    static final double[] SHAFT_HZ = {25, 35, 30, 22.5, 40, 27.5, 20, 37.5};

    /**
     * The script of one machine, in seconds of sensor time.
     *
     * @param noiseSnrDb SNR of the white Gaussian noise on every sensor from the start; NaN for none
     */
    public record Script(double healthySeconds, double onsetSeconds, double noiseSnrDb) {}

    /** One simulated sensor and the truth about it. */
    public record Sensor(
            String machineId,
            String sensorId,
            HealthState fault,
            double onsetAtSeconds,
            double shaftHz,
            SensorStream stream) {}

    private final List<Sensor> sensors;

    public SimulatedFleet(
            int machines, int sensorsPerMachine, Script script, long startTimeMicros, long seed) {
        if (machines < 1 || sensorsPerMachine < 1) {
            throw new IllegalArgumentException(
                    "a fleet needs at least one machine with one sensor");
        }
        List<Sensor> all = new ArrayList<>();
        for (int m = 0; m < machines; m++) {
            HealthState fault = m == 0 ? HealthState.HEALTHY : FAULTS[(m - 1) % FAULTS.length];
            String machineId = String.format("gearbox-%02d", m + 1);
            double shaftHz = SHAFT_HZ[m % SHAFT_HZ.length];
            for (int s = 0; s < sensorsPerMachine; s++) {
                String sensorId = machineId + "/acc-" + (s + 1);
                SensorStream stream =
                        SensorStream.builder(machineId, sensorId)
                                .seed(seed + 1000L * m + s)
                                .startTimeMicros(startTimeMicros)
                                .shaftHz(shaftHz)
                                .load(0.5)
                                .timeline(timeline(fault, script))
                                .build();
                all.add(
                        new Sensor(
                                machineId,
                                sensorId,
                                fault,
                                script.healthySeconds(),
                                shaftHz,
                                stream));
            }
        }
        this.sensors = List.copyOf(all);
    }

    /**
     * Noise at the script's SNR throughout (none for NaN); healthy, then the fault grows from
     * light to severe and stays severe. A healthy machine stays healthy.
     */
    static Timeline timeline(HealthState fault, Script script) {
        Timeline.Builder builder = Timeline.builder();
        if (Double.isFinite(script.noiseSnrDb())) {
            builder.noise(NoiseType.WHITE_GAUSSIAN, script.noiseSnrDb());
        }
        builder.healthy(script.healthySeconds());
        if (fault != HealthState.HEALTHY) {
            builder.onset(fault, script.onsetSeconds(), 0.3, 1.0).hold(fault, 1, 1.0);
        }
        return builder.build();
    }

    public List<Sensor> sensors() {
        return sensors;
    }
}
