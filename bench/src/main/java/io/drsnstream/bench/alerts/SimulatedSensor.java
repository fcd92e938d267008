package io.drsnstream.bench.alerts;

import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.SpeedProfile;
import io.drsnstream.sim.Timeline;

/**
 * One sensor of the measurement and the truth about it: its own operating point (a shaft speed
 * that drifts slowly from {@code fromHz} to {@code toHz} over the sensor's span, a constant load)
 * and its health script: healthy throughout, or healthy until {@code onsetSeconds} and from then
 * on a fault at a constant severity.
 *
 * @param sensorId the sensor's id (also its machine's)
 * @param seed seed of the vibration and of the noise; the same in every condition, so that the
 *     conditions differ by their noise only
 * @param fromHz shaft speed at the start
 * @param toHz shaft speed at the end of the span
 * @param spanSeconds how long the speed takes to go from one to the other
 * @param load fraction of rated load
 * @param fault {@link HealthState#HEALTHY} for a sensor that stays healthy
 * @param onsetSeconds when the fault starts, in sensor time (infinite for a healthy sensor)
 * @param severity the fault's severity (0 for a healthy sensor)
 */
public record SimulatedSensor(
        String sensorId,
        long seed,
        double fromHz,
        double toHz,
        double spanSeconds,
        double load,
        HealthState fault,
        double onsetSeconds,
        double severity) {

    /** The sensor under {@code condition}: its samples start at {@code startTimeMicros}. */
    public SensorStream stream(Condition condition, long startTimeMicros, int windowLength) {
        Timeline.Builder timeline = Timeline.builder();
        timeline.noise(condition.noise(), condition.snrDb());
        if (fault == HealthState.HEALTHY) {
            timeline.healthy(spanSeconds);
        } else {
            timeline.healthy(onsetSeconds).hold(fault, spanSeconds, severity);
        }
        return SensorStream.builder(sensorId, sensorId)
                .seed(seed)
                .startTimeMicros(startTimeMicros)
                .chunkSize(windowLength)
                .speed(
                        fromHz == toHz
                                ? SpeedProfile.constant(fromHz)
                                : SpeedProfile.ramp(fromHz, toHz, 0, spanSeconds))
                .load(load)
                .timeline(timeline.build())
                .build();
    }

    public boolean healthy() {
        return fault == HealthState.HEALTHY;
    }
}
