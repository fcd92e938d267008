package io.drsnstream.demo.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.NoiseType;
import io.drsnstream.sim.Timeline;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedFleetTest {

    private static final SimulatedFleet.Script NOISY = new SimulatedFleet.Script(30, 60, 5);
    private static final Set<Double> NOMINAL_HZ = Set.of(20.0, 30.0, 40.0);

    @Test
    void everyMachineTheHealthyOneIncludedIsNoisyFromTheStartToTheEnd() {
        for (HealthState fault : List.of(HealthState.HEALTHY, HealthState.OUTER_RACE)) {
            Timeline timeline = SimulatedFleet.timeline(fault, NOISY);
            for (double t : new double[] {0, 29, 31, 89, 1000}) {
                assertThat(timeline.phaseAt(t).noise())
                        .as("%s at %s s", fault, t)
                        .isEqualTo(NoiseType.WHITE_GAUSSIAN);
                assertThat(timeline.phaseAt(t).snrDb()).isEqualTo(5.0);
            }
            assertThat(timeline.stateAt(29)).isEqualTo(HealthState.HEALTHY);
            assertThat(timeline.stateAt(1000)).isEqualTo(fault);
        }
        assertThat(
                        SimulatedFleet.timeline(
                                        HealthState.HEALTHY,
                                        new SimulatedFleet.Script(30, 60, Double.NaN))
                                .phases())
                .allSatisfy(p -> assertThat(p.noise()).isEqualTo(NoiseType.NONE));
    }

    @Test
    void machinesRunAtDifferentSpeedsTheHealthyOneBetweenTheNominalSpeeds() {
        SimulatedFleet fleet = new SimulatedFleet(3, 2, NOISY, 0L, 7);
        List<SimulatedFleet.Sensor> sensors = fleet.sensors();
        assertThat(sensors).hasSize(6);
        assertThat(sensors.stream().map(SimulatedFleet.Sensor::shaftHz).distinct()).hasSize(3);
        assertThat(sensors.get(0).fault()).isEqualTo(HealthState.HEALTHY);
        assertThat(sensors.get(0).shaftHz()).isNotIn(NOMINAL_HZ);
        assertThat(sensors.stream().filter(s -> !NOMINAL_HZ.contains(s.shaftHz()))).hasSize(4);
        for (SimulatedFleet.Sensor sensor : sensors) {
            assertThat(sensor.stream().next().shaftHz())
                    .as("shaft speed of %s's chunks", sensor.sensorId())
                    .isEqualTo(sensor.shaftHz());
        }
    }
}
