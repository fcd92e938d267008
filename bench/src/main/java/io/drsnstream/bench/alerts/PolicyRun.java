package io.drsnstream.bench.alerts;

import io.drsnstream.job.alert.AlertEvent;
import io.drsnstream.job.alert.AlertRule;
import io.drsnstream.job.alert.SensorHealth;
import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.schemas.AlertKind;

/**
 * One sensor's windows, in order, through the job's own {@link AlertRule} under one policy, and
 * what came out that the measurement counts: alerts raised before and after the fault's onset,
 * the first one after it (when, with which label), the time an alert was open.
 *
 * <p>A healthy sensor has no onset ({@code Long.MAX_VALUE}): every RAISED is a false alert.
 */
public final class PolicyRun {

    private final AlertRule rule;
    private final SensorHealth health;
    private final long onsetMicros;
    private int raisedBeforeOnset;
    private int raisedAfterOnset;
    private int cleared;
    private boolean openAtOnset;
    private long firstRaiseAfterOnsetMicros = Long.MIN_VALUE;
    private String firstRaiseLabel;
    private long openSinceMicros = Long.MIN_VALUE;
    private long openMicros;
    private long lastWindowEndMicros = Long.MIN_VALUE;

    /**
     * @param onsetMicros when the fault began (event time), or {@code Long.MAX_VALUE} for a
     *     sensor that stays healthy
     */
    public PolicyRun(AlertPolicy policy, String sensorId, long onsetMicros) {
        this.rule = new AlertRule(policy);
        this.health = rule.newHealth(sensorId, sensorId, sensorId);
        this.onsetMicros = onsetMicros;
    }

    /** Feeds the next window. */
    public void accept(ScoringResult window) {
        if (lastWindowEndMicros < onsetMicros && window.endMicros >= onsetMicros) {
            openAtOnset = health.hasOpenAlert();
        }
        lastWindowEndMicros = window.endMicros;
        AlertEvent event = rule.onWindow(health, window);
        if (event == null) {
            return;
        }
        AlertKind kind = AlertKind.valueOf(event.kind);
        if (kind == AlertKind.RAISED) {
            openSinceMicros = event.eventTimeMicros;
            if (event.eventTimeMicros < onsetMicros) {
                raisedBeforeOnset++;
            } else {
                if (raisedAfterOnset == 0) {
                    firstRaiseAfterOnsetMicros = event.eventTimeMicros;
                    firstRaiseLabel = event.label;
                }
                raisedAfterOnset++;
            }
        } else if (kind == AlertKind.CLEARED || kind == AlertKind.NO_DATA) {
            cleared++;
            openMicros += event.eventTimeMicros - openSinceMicros;
            openSinceMicros = Long.MIN_VALUE;
        }
    }

    /** Feeds windows {@code from} (inclusive) to {@code to} (exclusive) of a sequence. */
    public void accept(ScoredSequence sequence, int from, int to) {
        for (int i = from; i < to; i++) {
            accept(sequence.result(i));
        }
    }

    /** Whether an alert was raised at or after the onset. */
    public boolean raisedAfterOnset() {
        return raisedAfterOnset > 0;
    }

    /** What the windows so far did. */
    public Outcome outcome() {
        long open =
                openMicros
                        + (openSinceMicros == Long.MIN_VALUE
                                ? 0
                                : lastWindowEndMicros - openSinceMicros);
        return new Outcome(
                raisedBeforeOnset,
                raisedAfterOnset,
                cleared,
                openAtOnset,
                raisedAfterOnset == 0
                        ? null
                        : Math.round((firstRaiseAfterOnsetMicros - onsetMicros) / 1e3) / 1e3,
                firstRaiseLabel,
                open / 1e6);
    }

    /**
     * What one sensor's windows did under one policy.
     *
     * @param raisedBeforeOnset RAISED before the onset: false alerts (all of a healthy sensor's)
     * @param raisedAfterOnset RAISED at or after the onset
     * @param closed CLEARED or NO_DATA
     * @param openAtOnset an alert raised before the onset was still open at the onset, so the
     *     fault could not raise its own
     * @param detectionSeconds from the onset to the first RAISED after it (event time of the
     *     RAISED, which is the end of the window that completed the evidence); null when none
     * @param detectionLabel the label of that RAISED
     * @param openSeconds how long an alert was open, in sensor time
     */
    public record Outcome(
            int raisedBeforeOnset,
            int raisedAfterOnset,
            int closed,
            boolean openAtOnset,
            Double detectionSeconds,
            String detectionLabel,
            double openSeconds) {}
}
