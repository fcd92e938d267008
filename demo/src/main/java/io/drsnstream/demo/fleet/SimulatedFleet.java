package io.drsnstream.demo.fleet;

import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.NoiseType;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.Timeline;
import java.util.ArrayList;
import java.util.List;

/**
 * A few machines with a few accelerometers each, all running the same script: healthy at first,
 * then one fault (a different one per machine) appears and grows, while the measurement noise
 * changes. Machine 0 stays healthy throughout, as the reference a viewer compares against.
 */
public final class SimulatedFleet {

    /** The faults handed out to machines 1, 2, ... in turn. */
    private static final HealthState[] FAULTS = {
        HealthState.OUTER_RACE, HealthState.INNER_RACE, HealthState.MISSING_TOOTH, HealthState.BALL,
        HealthState.BROKEN_TOOTH, HealthState.SURFACE_PITTING, HealthState.ROOT_CRACK
    };

    /** The script of one machine, in seconds of sensor time. */
    public record Script(double healthySeconds, double onsetSeconds, double noisySnrDb) {}

    /** One simulated sensor and the truth about it. */
    public record Sensor(String machineId, String sensorId, HealthState fault, double onsetAtSeconds,
            SensorStream stream) {}

    private final List<Sensor> sensors;

    public SimulatedFleet(int machines, int sensorsPerMachine, Script script, long startTimeMicros, long seed) {
        if (machines < 1 || sensorsPerMachine < 1) {
            throw new IllegalArgumentException("a fleet needs at least one machine with one sensor");
        }
        List<Sensor> all = new ArrayList<>();
        for (int m = 0; m < machines; m++) {
            HealthState fault = m == 0 ? HealthState.HEALTHY : FAULTS[(m - 1) % FAULTS.length];
            String machineId = String.format("gearbox-%02d", m + 1);
            for (int s = 0; s < sensorsPerMachine; s++) {
                String sensorId = machineId + "/acc-" + (s + 1);
                SensorStream stream = SensorStream.builder(machineId, sensorId)
                        .seed(seed + 1000L * m + s)
                        .startTimeMicros(startTimeMicros)
                        .shaftHz(20 + 10 * ((m + s) % 3))
                        .load(0.5)
                        .timeline(timeline(fault, script))
                        .build();
                all.add(new Sensor(machineId, sensorId, fault, script.healthySeconds(), stream));
            }
        }
        this.sensors = List.copyOf(all);
    }

    /**
     * Healthy and clean, then the fault grows from light to severe under noise at the given SNR,
     * then stays severe with the noise gone again.
     */
    static Timeline timeline(HealthState fault, Script script) {
        Timeline.Builder builder = Timeline.builder().clean().healthy(script.healthySeconds());
        if (Double.isFinite(script.noisySnrDb())) {
            builder.noise(NoiseType.WHITE_GAUSSIAN, script.noisySnrDb());
        }
        if (fault == HealthState.HEALTHY) {
            builder.healthy(script.onsetSeconds()).clean().healthy(1);
        } else {
            builder.onset(fault, script.onsetSeconds(), 0.3, 1.0).clean().hold(fault, 1, 1.0);
        }
        return builder.build();
    }

    public List<Sensor> sensors() {
        return sensors;
    }
}
