package io.drsnstream.bench.alerts;

import java.util.List;
import java.util.Map;

/**
 * One policy under one condition.
 *
 * @param policy {@code k/n/m} (with {@code @threshold} when not the calibrated one)
 * @param anomalyThreshold the threshold it judged windows against
 * @param healthy false alerts on the healthy sensors
 * @param faulty detection on the faulty sensors, all faults together
 * @param byFault the same per fault
 * @param detectionSeconds per faulty sensor, in the seed set's order: from its onset to RAISED,
 *     null when it never raised within the cap
 */
public record PolicyResult(
        String policy,
        float anomalyThreshold,
        FalseAlertFigures healthy,
        DetectionFigures faulty,
        Map<String, DetectionFigures> byFault,
        List<Double> detectionSeconds) {}
