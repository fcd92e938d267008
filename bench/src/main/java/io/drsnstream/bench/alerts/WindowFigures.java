package io.drsnstream.bench.alerts;

/**
 * The single windows of one condition, before any rule: what the k-of-n rule has to work with.
 *
 * @param healthyWindows windows of the healthy sensors
 * @param healthyAnomalyShare of them, the share at or above the calibrated threshold
 * @param faultyWindowsAfterOnset windows of the faulty sensors that start at or after the onset
 *     (up to where the sensor was retired: once every policy had raised, or the cap)
 * @param faultyAnomalyShare of them, the share at or above the calibrated threshold
 * @param faultyRightLabelShare of them, the share whose label is the fault's
 */
public record WindowFigures(
        long healthyWindows,
        double healthyAnomalyShare,
        long faultyWindowsAfterOnset,
        double faultyAnomalyShare,
        double faultyRightLabelShare) {}
