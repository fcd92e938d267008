package io.drsnstream.bench.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.job.config.AlertPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay of a policy over handcrafted score sequences counts alerts and times right. */
class PolicyRunTest {

    private static final List<String> LABELS = List.of("HEALTHY", "BALL", "ROOT_CRACK");
    private static final long WINDOW_MICROS = 160_000;
    private static final long START = 1_000_000_000L;

    /** 3 of 5 to raise, 3 of 5 to clear, threshold 0.5, no minimum duration. */
    private static final AlertPolicy POLICY =
            new AlertPolicy(
                    3,
                    5,
                    3,
                    0.5f,
                    0.1f,
                    Duration.ZERO,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(60));

    /** A sequence whose window i has score scores[i], labelled BALL when at or above 0.5. */
    private static ScoredSequence sequence(double... scores) {
        ScoredSequence sequence = new ScoredSequence("s-1", LABELS, "test-model", 0.5f);
        for (int i = 0; i < scores.length; i++) {
            sequence.add(
                    START + i * WINDOW_MICROS,
                    START + (i + 1) * WINDOW_MICROS,
                    scores[i] >= 0.5 ? 1 : 0,
                    0.9f,
                    (float) scores[i]);
        }
        return sequence;
    }

    private static PolicyRun.Outcome replay(ScoredSequence sequence, long onsetMicros) {
        PolicyRun run = new PolicyRun(POLICY, sequence.sensorId(), onsetMicros);
        run.accept(sequence, 0, sequence.size());
        return run.outcome();
    }

    @Test
    void faultRaisedAfterTheWindowsThatCompleteTheEvidence() {
        // Healthy for 10 windows, anomalous from window 10 on; the onset is 40 ms into window 10.
        double[] scores = new double[20];
        for (int i = 10; i < 20; i++) {
            scores[i] = 0.9;
        }
        long onset = START + 10 * WINDOW_MICROS + 40_000;

        PolicyRun.Outcome outcome = replay(sequence(scores), onset);

        // Windows 10, 11, 12 make 3 of 5: RAISED at the end of window 12.
        assertThat(outcome.raisedBeforeOnset()).isZero();
        assertThat(outcome.raisedAfterOnset()).isEqualTo(1);
        assertThat(outcome.detectionSeconds()).isEqualTo(0.44);
        assertThat(outcome.detectionLabel()).isEqualTo("BALL");
        assertThat(outcome.openAtOnset()).isFalse();
        assertThat(outcome.closed()).isZero();
        // Open from the end of window 12 to the end of window 19.
        assertThat(outcome.openSeconds())
                .isCloseTo(7 * 0.16, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void burstsOnAHealthySensorAreFalseAlertsOnceEach() {
        // Two bursts of 3 anomalies, far apart: each raises once and clears after 3 healthy
        // windows.
        double[] scores = new double[40];
        for (int i : new int[] {5, 6, 7, 25, 26, 27}) {
            scores[i] = 0.8;
        }
        // A lone anomaly raises nothing.
        scores[15] = 0.99;

        PolicyRun.Outcome outcome = replay(sequence(scores), Long.MAX_VALUE);

        assertThat(outcome.raisedBeforeOnset()).isEqualTo(2);
        assertThat(outcome.raisedAfterOnset()).isZero();
        assertThat(outcome.detectionSeconds()).isNull();
        assertThat(outcome.closed()).isEqualTo(2);
        // Each open from the end of its third anomaly to the end of the third healthy window after.
        assertThat(outcome.openSeconds())
                .isCloseTo(2 * 3 * 0.16, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void anAlertOpenAtTheOnsetMasksTheFault() {
        // A false alert at windows 2-4 that has not cleared when the fault begins at window 6.
        double[] scores = new double[16];
        for (int i = 2; i < 16; i++) {
            scores[i] = i == 5 ? 0.1 : 0.9;
        }
        long onset = START + 6 * WINDOW_MICROS;

        PolicyRun.Outcome outcome = replay(sequence(scores), onset);

        assertThat(outcome.raisedBeforeOnset()).isEqualTo(1);
        assertThat(outcome.openAtOnset()).isTrue();
        assertThat(outcome.raisedAfterOnset()).isZero();
        assertThat(outcome.detectionSeconds()).isNull();
    }

    @Test
    void detectionFiguresUseNearestRankAndCountNeverRaisedAsLaterThanAll() {
        List<PolicyRun.Outcome> outcomes =
                List.of(
                        detected(1.0, "BALL"),
                        detected(3.0, "ROOT_CRACK"),
                        detected(2.0, "BALL"),
                        new PolicyRun.Outcome(0, 0, 0, false, null, null, 0));

        DetectionFigures figures =
                DetectionFigures.of(outcomes, List.of("BALL", "BALL", "BALL", "BALL"));

        assertThat(figures.sensors()).isEqualTo(4);
        assertThat(figures.raised()).isEqualTo(3);
        assertThat(figures.neverRaised()).isEqualTo(1);
        assertThat(figures.rightLabel()).isEqualTo(2);
        assertThat(figures.medianSeconds()).isEqualTo(2.0); // rank 2 of 1, 2, 3, never
        assertThat(figures.p90Seconds()).isNull(); // rank 4: the one never raised
        assertThat(figures.maxSeconds()).isEqualTo(3.0);
    }

    @Test
    void falseAlertsPerSensorHour() {
        List<PolicyRun.Outcome> outcomes =
                List.of(
                        new PolicyRun.Outcome(2, 0, 2, false, null, null, 60),
                        new PolicyRun.Outcome(0, 0, 0, false, null, null, 0));

        FalseAlertFigures figures = FalseAlertFigures.of(outcomes, 2 * 1800);

        assertThat(figures.sensorHours()).isEqualTo(1.0);
        assertThat(figures.falseAlerts()).isEqualTo(2);
        assertThat(figures.perSensorHour()).isEqualTo(2.0);
        assertThat(figures.sensorsWithFalseAlert()).isEqualTo(1);
        assertThat(figures.openShare())
                .isCloseTo(60.0 / 3600, org.assertj.core.data.Offset.offset(1e-12));
    }

    private static PolicyRun.Outcome detected(double seconds, String label) {
        return new PolicyRun.Outcome(0, 1, 0, false, seconds, label, 10);
    }
}
