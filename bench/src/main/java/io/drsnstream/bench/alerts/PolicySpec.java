package io.drsnstream.bench.alerts;

import io.drsnstream.job.config.AlertPolicy;
import java.time.Duration;
import java.util.Locale;

/**
 * A point of the grid: k of n to raise, m of n to clear, and the anomaly threshold when it is not
 * the model's calibrated one. Written {@code k/n/m} or {@code k/n/m@threshold}.
 *
 * @param threshold NaN for the model's calibrated threshold
 */
public record PolicySpec(int raiseWindows, int windowCount, int clearWindows, float threshold) {

    /** Reads {@code k/n/m} or {@code k/n/m@threshold}. */
    public static PolicySpec parse(String text) {
        String value = text.trim();
        float threshold = Float.NaN;
        int at = value.indexOf('@');
        if (at >= 0) {
            threshold = Float.parseFloat(value.substring(at + 1));
            value = value.substring(0, at);
        }
        String[] parts = value.split("/");
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not k/n/m or k/n/m@threshold (e.g. 8/10/8)");
        }
        return new PolicySpec(
                Integer.parseInt(parts[0].trim()),
                Integer.parseInt(parts[1].trim()),
                Integer.parseInt(parts[2].trim()),
                threshold);
    }

    /**
     * The job's policy for this point: the given threshold or else {@code calibrated}, the rest
     * (score step, durations) as given, normally the job's defaults.
     */
    public AlertPolicy policy(
            float calibrated,
            float scoreStep,
            Duration minAlertDuration,
            Duration minUpdateInterval,
            Duration noDataTimeout) {
        return new AlertPolicy(
                raiseWindows,
                windowCount,
                clearWindows,
                Float.isNaN(threshold) ? calibrated : threshold,
                scoreStep,
                minAlertDuration,
                minUpdateInterval,
                noDataTimeout);
    }

    /** Whether the threshold is the model's calibrated one. */
    public boolean calibratedThreshold() {
        return Float.isNaN(threshold);
    }

    @Override
    public String toString() {
        String rule = raiseWindows + "/" + windowCount + "/" + clearWindows;
        return Float.isNaN(threshold)
                ? rule
                : rule + "@" + String.format(Locale.ROOT, "%s", threshold);
    }
}
