package io.drsnstream.bench.alerts;

import java.util.List;

/**
 * Every policy under one noise condition, for one seed set.
 *
 * @param condition e.g. {@code white_gaussian:5}
 * @param healthySecondsPerSensor sensor time of each healthy sensor
 * @param windows the single windows' figures
 * @param policies one result per policy of the grid, in the grid's order
 * @param wallSeconds how long the condition took (simulation, scoring and replay)
 * @param windowsScored windows simulated and scored
 */
public record ConditionResult(
        String condition,
        double healthySecondsPerSensor,
        WindowFigures windows,
        List<PolicyResult> policies,
        double wallSeconds,
        long windowsScored) {

    /** The result of {@code policy}, or null. */
    public PolicyResult policy(String policy) {
        return policies.stream().filter(p -> p.policy().equals(policy)).findFirst().orElse(null);
    }
}
