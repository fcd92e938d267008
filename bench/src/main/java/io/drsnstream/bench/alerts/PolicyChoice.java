package io.drsnstream.bench.alerts;

import java.util.Comparator;
import java.util.List;

/**
 * Chooses the defaults from the selection seed set's results, among the policies that use the
 * model's calibrated threshold, by, in order:
 * <ol>
 *   <li>the fewest false alerts on the healthy sensors, over every condition measured;</li>
 *   <li>the fewest faulty sensors that never raised within the cap, at the demo's noise;</li>
 *   <li>the shortest median time from onset to RAISED at the demo's noise;</li>
 *   <li>the shortest p90 at the demo's noise;</li>
 *   <li>the shortest median over the conditions down to the lowest SNR, the worst of them.</li>
 * </ol>
 */
public final class PolicyChoice {

    private PolicyChoice() {}

    /**
     * @param results the selection set's results, one per condition
     * @param grid the policies, in grid order
     * @param demoCondition the demo's noise
     * @return the chosen policy
     */
    public static PolicySpec choose(
            List<ConditionResult> results, List<PolicySpec> grid, String demoCondition) {
        ConditionResult demo =
                results.stream()
                        .filter(r -> r.condition().equals(demoCondition))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "the demo's noise "
                                                        + demoCondition
                                                        + " is not among the conditions measured"));
        Comparator<PolicySpec> order =
                Comparator.<PolicySpec>comparingInt(p -> falseAlerts(results, p))
                        .thenComparingInt(p -> demo.policy(p.toString()).faulty().neverRaised())
                        .thenComparingDouble(
                                p -> orInfinity(demo.policy(p.toString()).faulty().medianSeconds()))
                        .thenComparingDouble(
                                p -> orInfinity(demo.policy(p.toString()).faulty().p90Seconds()))
                        .thenComparingDouble(p -> worstMedian(results, p));
        return grid.stream()
                .filter(PolicySpec::calibratedThreshold)
                .min(order)
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "no policy with the calibrated threshold"));
    }

    static int falseAlerts(List<ConditionResult> results, PolicySpec policy) {
        return results.stream()
                .mapToInt(r -> r.policy(policy.toString()).healthy().falseAlerts())
                .sum();
    }

    private static double worstMedian(List<ConditionResult> results, PolicySpec policy) {
        return results.stream()
                .mapToDouble(r -> orInfinity(r.policy(policy.toString()).faulty().medianSeconds()))
                .max()
                .orElse(Double.POSITIVE_INFINITY);
    }

    private static double orInfinity(Double value) {
        return value == null ? Double.POSITIVE_INFINITY : value;
    }
}
