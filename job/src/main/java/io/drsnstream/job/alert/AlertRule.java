package io.drsnstream.job.alert;

import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.schemas.AlertKind;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The alert state machine of one sensor, without Flink: the job's alert operator runs it on
 * keyed state, and the alert measurement runs the very same code on simulated sensors.
 *
 * <pre>
 *   no alert --(k of the last n windows anomalous)--> open: RAISED
 *   open --(dominant fault label changes, or the mean score enters another step;
 *           at most once per minUpdateInterval)--> UPDATED
 *   open --(m of the last n windows healthy, open for at least minAlertDuration)--> CLEARED
 *   open --(no window for noDataTimeout)--> NO_DATA
 * </pre>
 *
 * Every decision depends only on the windows and their event times, so a replay after a
 * failure makes the same events with the same alert ids.
 */
public final class AlertRule implements Serializable {

    private static final long serialVersionUID = 1L;

    private final AlertPolicy policy;

    public AlertRule(AlertPolicy policy) {
        this.policy = policy;
    }

    public AlertPolicy policy() {
        return policy;
    }

    /** A fresh state for {@code key} (a sensorId, or a machineId when sensors are pooled). */
    public SensorHealth newHealth(String key, String machineId, String sensorId) {
        SensorHealth health = new SensorHealth();
        health.key = key;
        health.machineId = machineId;
        health.sensorId = sensorId;
        resetEvidence(health);
        return health;
    }

    /**
     * Adds a window to the evidence and judges it.
     *
     * @return the event this window causes, or null
     */
    public AlertEvent onWindow(SensorHealth health, ScoringResult window) {
        if (health.anomalous == null || health.anomalous.length != policy.windowCount()) {
            resetEvidence(health); // a new policy (override) with another n starts fresh evidence
        }
        add(health, window);
        if (!health.hasOpenAlert()) {
            return anomalies(health) >= policy.raiseWindows() ? raise(health, window) : null;
        }
        health.windowsCounted++;
        health.peakAnomalyScore = Math.max(health.peakAnomalyScore, window.anomalyScore);
        long openMicros = window.endMicros - health.alertRaisedAtMicros;
        if (health.filled - anomalies(health) >= policy.clearWindows()
                && openMicros >= policy.minAlertDuration().toNanos() / 1_000L) {
            return close(health, AlertKind.CLEARED, window.endMicros);
        }
        LabelCount dominant = dominantLabel(health);
        int step = scoreStep(meanScore(health));
        boolean changed =
                (dominant != null && !dominant.label.equals(health.reportedLabel))
                        || step != health.reportedScoreStep;
        if (changed
                && window.endMicros - health.alertLastUpdateMicros
                        >= policy.minUpdateInterval().toNanos() / 1_000L) {
            health.alertLastUpdateMicros = window.endMicros;
            if (dominant != null) {
                health.reportedLabel = dominant.label;
            }
            health.reportedScoreStep = step;
            return event(health, AlertKind.UPDATED, window.endMicros);
        }
        return null;
    }

    /**
     * The sensor has sent nothing for the no-data timeout, up to {@code nowMicros} of event time.
     *
     * @return NO_DATA when an alert was open, else null; either way the caller may drop the state
     */
    public AlertEvent onSilence(SensorHealth health, long nowMicros) {
        return health.hasOpenAlert() ? close(health, AlertKind.NO_DATA, nowMicros) : null;
    }

    private AlertEvent raise(SensorHealth health, ScoringResult window) {
        health.alertId = alertId(health.key, window.endMicros);
        health.alertFirstWindowStartMicros = oldestWindowStart(health);
        health.alertRaisedAtMicros = window.endMicros;
        health.alertLastUpdateMicros = window.endMicros;
        LabelCount dominant = dominantLabel(health);
        health.reportedLabel = dominant.label;
        health.reportedScoreStep = scoreStep(meanScore(health));
        health.peakAnomalyScore = maxScore(health);
        health.windowsCounted = health.filled;
        return event(health, AlertKind.RAISED, window.endMicros);
    }

    private AlertEvent close(SensorHealth health, AlertKind kind, long eventTimeMicros) {
        AlertEvent event = event(health, kind, eventTimeMicros);
        health.alertId = null;
        health.reportedLabel = null;
        health.peakAnomalyScore = 0f;
        health.windowsCounted = 0;
        return event;
    }

    private AlertEvent event(SensorHealth health, AlertKind kind, long eventTimeMicros) {
        AlertEvent event = new AlertEvent();
        event.alertId = health.alertId;
        event.machineId = health.machineId;
        event.sensorId = health.sensorId;
        event.kind = kind.name();
        LabelCount dominant = dominantLabel(health);
        int anomalies = anomalies(health);
        if (dominant != null && kind != AlertKind.CLEARED) {
            event.label = dominant.label;
            event.labelShare = dominant.count / (float) anomalies;
        } else {
            // Cleared (or silent with no anomaly left): the label the alert was about.
            event.label = health.reportedLabel;
            event.labelShare = dominant == null ? 0f : dominant.count / (float) anomalies;
        }
        event.meanAnomalyScore = meanScore(health);
        event.peakAnomalyScore = health.peakAnomalyScore;
        event.firstWindowStartMicros = health.alertFirstWindowStartMicros;
        event.lastWindowEndMicros = health.lastWindowEndMicros;
        event.windowsCounted = health.windowsCounted;
        event.anomalyThreshold = policy.anomalyThreshold();
        event.modelVersion = health.modelVersion;
        event.eventTimeMicros = eventTimeMicros;
        event.processedAtMillis = System.currentTimeMillis();
        return event;
    }

    /** Stable over replays: the key and the end of the window that raised the alert. */
    static String alertId(String key, long raisedAtMicros) {
        return UUID.nameUUIDFromBytes((key + "@" + raisedAtMicros).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private void resetEvidence(SensorHealth health) {
        int n = policy.windowCount();
        health.anomalous = new boolean[n];
        health.scores = new float[n];
        health.labels = new String[n];
        health.windowStartsMicros = new long[n];
        health.next = 0;
        health.filled = 0;
    }

    private void add(SensorHealth health, ScoringResult window) {
        int i = health.next;
        health.anomalous[i] = window.anomalyScore >= policy.anomalyThreshold();
        health.scores[i] = window.anomalyScore;
        health.labels[i] = window.label;
        health.windowStartsMicros[i] = window.startMicros;
        health.next = (i + 1) % health.anomalous.length;
        health.filled = Math.min(health.filled + 1, health.anomalous.length);
        health.lastWindowEndMicros = window.endMicros;
        health.modelVersion = window.modelVersion;
    }

    private static int anomalies(SensorHealth health) {
        int count = 0;
        for (int i = 0; i < health.filled; i++) {
            if (health.anomalous[i]) {
                count++;
            }
        }
        return count;
    }

    private static float meanScore(SensorHealth health) {
        double sum = 0;
        for (int i = 0; i < health.filled; i++) {
            sum += health.scores[i];
        }
        return health.filled == 0 ? 0f : (float) (sum / health.filled);
    }

    private static float maxScore(SensorHealth health) {
        float max = 0f;
        for (int i = 0; i < health.filled; i++) {
            max = Math.max(max, health.scores[i]);
        }
        return max;
    }

    private static long oldestWindowStart(SensorHealth health) {
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < health.filled; i++) {
            oldest = Math.min(oldest, health.windowStartsMicros[i]);
        }
        return oldest;
    }

    private int scoreStep(float mean) {
        return (int) Math.floor(mean / policy.scoreStep());
    }

    /** The most frequent label among the anomalous windows of the evidence; ties: the newest. */
    private static LabelCount dominantLabel(SensorHealth health) {
        Map<String, Integer> counts = new HashMap<>();
        LabelCount best = null;
        int n = health.anomalous.length;
        // Newest first, so that on a tie the label seen most recently wins.
        for (int back = 1; back <= health.filled; back++) {
            int i = Math.floorMod(health.next - back, n);
            if (!health.anomalous[i]) {
                continue;
            }
            int count = counts.merge(health.labels[i], 1, Integer::sum);
            if (best == null || count > best.count) {
                best = new LabelCount(health.labels[i], count);
            }
        }
        return best;
    }

    private record LabelCount(String label, int count) {}
}
