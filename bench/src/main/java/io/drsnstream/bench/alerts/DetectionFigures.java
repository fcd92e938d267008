package io.drsnstream.bench.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * How fast, and how rightly, one policy raised alerts on sensors that turned faulty.
 *
 * <p>Percentiles are over all the sensors, a sensor that never raised within the cap counting as
 * later than any that did: when more than half never raised, the median is null ("not within the
 * cap"); the same for p90 beyond 90 %.
 *
 * @param sensors faulty sensors
 * @param raised of them, how many raised an alert at or after the onset within the cap
 * @param neverRaised how many did not
 * @param rightLabel of the alerts raised, how many with the fault's own label
 * @param falseBeforeOnset alerts raised before the onset, while the sensor was still healthy
 * @param openAtOnset sensors whose alert from before the onset was still open at the onset
 * @param medianSeconds from the onset to RAISED, median, in sensor time
 * @param p90Seconds the same, 90th percentile
 * @param maxSeconds the same, the largest among the sensors that raised
 */
public record DetectionFigures(
        int sensors,
        int raised,
        int neverRaised,
        int rightLabel,
        int falseBeforeOnset,
        int openAtOnset,
        Double medianSeconds,
        Double p90Seconds,
        Double maxSeconds) {

    /**
     * @param outcomes one per faulty sensor
     * @param faults the fault of each, in the same order, as the model labels it
     */
    public static DetectionFigures of(List<PolicyRun.Outcome> outcomes, List<String> faults) {
        List<Double> times = new ArrayList<>();
        int raised = 0;
        int right = 0;
        int before = 0;
        int openAtOnset = 0;
        double max = Double.NaN;
        for (int i = 0; i < outcomes.size(); i++) {
            PolicyRun.Outcome outcome = outcomes.get(i);
            before += outcome.raisedBeforeOnset();
            openAtOnset += outcome.openAtOnset() ? 1 : 0;
            if (outcome.detectionSeconds() == null) {
                times.add(Double.POSITIVE_INFINITY);
                continue;
            }
            raised++;
            times.add(outcome.detectionSeconds());
            max =
                    Double.isNaN(max)
                            ? outcome.detectionSeconds()
                            : Math.max(max, outcome.detectionSeconds());
            if (faults.get(i).equals(outcome.detectionLabel())) {
                right++;
            }
        }
        double[] values = times.stream().mapToDouble(Double::doubleValue).toArray();
        return new DetectionFigures(
                outcomes.size(),
                raised,
                outcomes.size() - raised,
                right,
                before,
                openAtOnset,
                finite(Percentiles.of(values, 0.5)),
                finite(Percentiles.of(values, 0.9)),
                finite(max));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
