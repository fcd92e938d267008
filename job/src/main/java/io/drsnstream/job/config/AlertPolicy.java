package io.drsnstream.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a sensor's scored windows open, update and close an alert: the k-of-n rule with its
 * hysteresis and the durations that keep an alert from flapping.
 *
 * @param raiseWindows k: an alert is RAISED when at least k of the last n windows are anomalies
 * @param windowCount n: how many of the latest windows are the evidence
 * @param clearWindows m: an open alert is CLEARED when at least m of the last n windows are
 *     healthy; with k + m > n the two cannot both hold, so one window cannot raise and clear
 * @param anomalyThreshold anomalyScore at or above which a window counts as an anomaly
 * @param scoreStep an open alert is UPDATED when the mean anomaly score of the evidence moves
 *     into another step of this size (e.g. 0.1: from [0.8, 0.9) to [0.9, 1.0])
 * @param minAlertDuration an alert stays open at least this long (event time)
 * @param minUpdateInterval at most one UPDATED per interval (event time)
 * @param noDataTimeout a sensor without a window for this long (event time) ends its open
 *     alert with NO_DATA, and its state is freed
 */
public record AlertPolicy(
        int raiseWindows,
        int windowCount,
        int clearWindows,
        float anomalyThreshold,
        float scoreStep,
        Duration minAlertDuration,
        Duration minUpdateInterval,
        Duration noDataTimeout)
        implements Serializable {

    /** The largest evidence the state keeps per sensor. */
    public static final int MAX_WINDOW_COUNT = 1024;

    public AlertPolicy {
        if (windowCount < 1 || windowCount > MAX_WINDOW_COUNT) {
            throw new IllegalArgumentException(
                    "the window count n must be in [1, "
                            + MAX_WINDOW_COUNT
                            + "], got "
                            + windowCount);
        }
        if (raiseWindows < 1 || raiseWindows > windowCount) {
            throw new IllegalArgumentException(
                    "the raise count k must be in [1, n=" + windowCount + "], got " + raiseWindows);
        }
        if (clearWindows < 1 || clearWindows > windowCount) {
            throw new IllegalArgumentException(
                    "the clear count m must be in [1, n=" + windowCount + "], got " + clearWindows);
        }
        if (raiseWindows + clearWindows <= windowCount) {
            throw new IllegalArgumentException(
                    "k + m must exceed n, or one evidence could both raise and clear an alert: k="
                            + raiseWindows
                            + ", m="
                            + clearWindows
                            + ", n="
                            + windowCount);
        }
        if (!(anomalyThreshold > 0f && anomalyThreshold <= 1f)) {
            throw new IllegalArgumentException(
                    "the anomaly threshold must be in (0, 1], got " + anomalyThreshold);
        }
        if (!(scoreStep > 0f && scoreStep <= 1f)) {
            throw new IllegalArgumentException(
                    "the score step must be in (0, 1], got " + scoreStep);
        }
        requireNotNegative("minimum alert duration", minAlertDuration);
        requireNotNegative("minimum update interval", minUpdateInterval);
        requireNotNegative("no-data timeout", noDataTimeout);
        if (noDataTimeout.isZero()) {
            throw new IllegalArgumentException("the no-data timeout must be positive");
        }
    }

    /** The same policy judged against another anomaly threshold. */
    public AlertPolicy withAnomalyThreshold(float threshold) {
        return new AlertPolicy(
                raiseWindows,
                windowCount,
                clearWindows,
                threshold,
                scoreStep,
                minAlertDuration,
                minUpdateInterval,
                noDataTimeout);
    }

    private static void requireNotNegative(String what, Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(
                    "the " + what + " must not be negative, got " + duration);
        }
    }
}
