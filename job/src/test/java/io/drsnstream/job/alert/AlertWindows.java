package io.drsnstream.job.alert;

import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.scoring.ScoringResult;

/** Scored windows for the alert tests: 160 ms each, back to back, as the job cuts them. */
final class AlertWindows {

    static final long WINDOW_MICROS = 160_000L;

    private AlertWindows() {}

    /** Window {@code index} of a sensor, scored {@code anomalyScore} and labelled {@code label}. */
    static ScoringResult window(String sensorId, int index, float anomalyScore, String label) {
        ScoringResult window = new ScoringResult();
        window.machineId = "machine-" + sensorId.charAt(0);
        window.sensorId = sensorId;
        window.startMicros = 1_000_000_000L + index * WINDOW_MICROS;
        window.endMicros = window.startMicros + WINDOW_MICROS;
        window.anomalyScore = anomalyScore;
        window.anomaly = anomalyScore >= 0.5f;
        window.label = label;
        window.modelVersion = "model-1";
        return window;
    }

    /** k = 3 of n = 5 to raise, m = 3 to clear, threshold 0.5, steps of 0.25, 1 s open, 0.5 s between updates, 5 s to NO_DATA. */
    static AlertPolicy policy() {
        return new AlertPolicy(
                3,
                5,
                3,
                0.5f,
                0.25f,
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(5));
    }
}
