package io.drsnstream.job.alert;

import static io.drsnstream.job.alert.AlertWindows.WINDOW_MICROS;
import static io.drsnstream.job.alert.AlertWindows.window;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.job.config.AlertPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRuleTest {

    private final AlertRule rule = new AlertRule(AlertWindows.policy());

    /** Feeds windows 0, 1, ... with these scores and labels; returns every event. */
    private List<AlertEvent> feed(
            SensorHealth health, int firstIndex, float[] scores, String label) {
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            AlertEvent event =
                    rule.onWindow(health, window("s1", firstIndex + i, scores[i], label));
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    private SensorHealth health() {
        return rule.newHealth("s1", "machine-s", "s1");
    }

    @Test
    void raisesWhenKOfTheLastNWindowsAreAnomalies() {
        SensorHealth health = health();
        assertThat(feed(health, 0, new float[] {0.9f, 0.1f, 0.9f}, "BALL")).isEmpty();

        List<AlertEvent> events = feed(health, 3, new float[] {0.7f}, "BALL");

        assertThat(events).hasSize(1);
        AlertEvent raised = events.get(0);
        assertThat(raised.kind).isEqualTo("RAISED");
        assertThat(raised.sensorId).isEqualTo("s1");
        assertThat(raised.label).isEqualTo("BALL");
        assertThat(raised.labelShare).isEqualTo(1f);
        assertThat(raised.meanAnomalyScore)
                .isCloseTo(
                        (0.9f + 0.1f + 0.9f + 0.7f) / 4,
                        org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(raised.peakAnomalyScore).isEqualTo(0.9f);
        assertThat(raised.windowsCounted).isEqualTo(4);
        assertThat(raised.firstWindowStartMicros).isEqualTo(window("s1", 0, 0f, "").startMicros);
        assertThat(raised.eventTimeMicros).isEqualTo(window("s1", 3, 0f, "").endMicros);
        assertThat(raised.anomalyThreshold).isEqualTo(0.5f);
        assertThat(raised.modelVersion).isEqualTo("model-1");
    }

    @Test
    void scatteredAnomaliesRaiseNothing() {
        float[] scores = new float[200];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = i % 3 == 0 ? 0.95f : 0.2f; // at most 2 of any 5
        }
        assertThat(feed(health(), 0, scores, "BALL")).isEmpty();
    }

    @Test
    void theDominantFaultLabelNamesTheAlertAndItsShare() {
        SensorHealth health = health();
        feed(health, 0, new float[] {0.9f, 0.9f}, "INNER_RACE");
        List<AlertEvent> events = feed(health, 2, new float[] {0.9f}, "BALL");
        // 2 x INNER_RACE, 1 x BALL among the 3 anomalies.
        assertThat(events)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.label).isEqualTo("INNER_RACE");
                            assertThat(e.labelShare)
                                    .isCloseTo(2f / 3, org.assertj.core.data.Offset.offset(1e-6f));
                        });
    }

    @Test
    void anOpenAlertIsUpdatedWhenItsLabelChangesButNotMoreOftenThanTheInterval() {
        SensorHealth health = health();
        AlertEvent raised = feed(health, 0, new float[] {0.9f, 0.9f, 0.9f}, "INNER_RACE").get(0);

        // From window 3 on the windows say BALL; BALL dominates from window 5 (3 of 5), 480 ms
        // after the raise: within the 500 ms interval, so the update waits for window 6.
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 3; i < 8; i++) {
            AlertEvent event = rule.onWindow(health, window("s1", i, 0.9f, "BALL"));
            if (event != null) {
                events.add(event);
            }
        }

        assertThat(events)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind).isEqualTo("UPDATED");
                            assertThat(e.alertId).isEqualTo(raised.alertId);
                            assertThat(e.label).isEqualTo("BALL");
                            assertThat(e.eventTimeMicros - raised.eventTimeMicros)
                                    .isGreaterThanOrEqualTo(500_000L);
                        });
    }

    @Test
    void anOpenAlertIsUpdatedWhenItsMeanScoreEntersAnotherStep() {
        SensorHealth health = health();
        AlertEvent raised =
                feed(health, 0, new float[] {0.6f, 0.6f, 0.6f}, "BALL").get(0); // step [0.5, 0.75)
        List<AlertEvent> events = feed(health, 3, new float[] {1f, 1f, 1f, 1f, 1f, 1f}, "BALL");

        assertThat(events)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind).isEqualTo("UPDATED");
                            assertThat(e.alertId).isEqualTo(raised.alertId);
                            assertThat(e.meanAnomalyScore).isGreaterThanOrEqualTo(0.75f);
                        });
    }

    @Test
    void clearsAfterMHealthyWindowsButNotBeforeTheMinimumDuration() {
        SensorHealth health = health();
        AlertEvent raised = feed(health, 0, new float[] {0.9f, 0.9f, 0.9f}, "BALL").get(0);

        // Healthy from window 3: 3 of 5 healthy at window 5, but the alert is 1 s old only at
        // window 9.
        float[] healthy = new float[10];
        java.util.Arrays.fill(healthy, 0.1f);
        List<AlertEvent> events = feed(health, 3, healthy, "HEALTHY");

        // The falling mean score may update the alert on the way; it is cleared exactly once.
        assertThat(events).extracting(e -> e.kind).last().isEqualTo("CLEARED");
        assertThat(events)
                .filteredOn(e -> e.kind.equals("CLEARED"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.kind).isEqualTo("CLEARED");
                            assertThat(e.alertId).isEqualTo(raised.alertId);
                            assertThat(e.label)
                                    .as("the label the alert was about")
                                    .isEqualTo("BALL");
                            assertThat(e.eventTimeMicros - raised.eventTimeMicros)
                                    .isGreaterThanOrEqualTo(1_000_000L)
                                    .isLessThan(1_000_000L + WINDOW_MICROS);
                        });
        assertThat(health.hasOpenAlert()).isFalse();
    }

    @Test
    void aSensorNearTheThresholdDoesNotFlap() {
        // Two anomalies, two healthy windows, over and over for 60 s: the rule without its
        // minimum duration would raise and clear every few windows.
        AlertRule slow =
                new AlertRule(
                        new AlertPolicy(
                                3,
                                5,
                                3,
                                0.5f,
                                0.25f,
                                Duration.ofSeconds(30),
                                Duration.ofSeconds(10),
                                Duration.ofSeconds(60)));
        SensorHealth health = slow.newHealth("s1", "machine-s", "s1");
        List<AlertEvent> events = new ArrayList<>();
        for (int i = 0; i < 375; i++) {
            AlertEvent event =
                    slow.onWindow(health, window("s1", i, i % 4 < 2 ? 0.9f : 0.1f, "BALL"));
            if (event != null) {
                events.add(event);
            }
        }
        assertThat(events.stream().filter(e -> e.kind.equals("RAISED")).count())
                .isLessThanOrEqualTo(2);
        assertThat(events.stream().filter(e -> e.kind.equals("UPDATED")).count())
                .as("at most one update per 10 s over 60 s")
                .isLessThanOrEqualTo(6);
    }

    @Test
    void silenceEndsAnOpenAlertWithNoData() {
        SensorHealth health = health();
        AlertEvent raised = feed(health, 0, new float[] {0.9f, 0.9f, 0.9f}, "BALL").get(0);

        AlertEvent silent = rule.onSilence(health, raised.eventTimeMicros + 5_000_000L);

        assertThat(silent.kind).isEqualTo("NO_DATA");
        assertThat(silent.alertId).isEqualTo(raised.alertId);
        assertThat(silent.eventTimeMicros).isEqualTo(raised.eventTimeMicros + 5_000_000L);
        assertThat(silent.lastWindowEndMicros).isEqualTo(raised.eventTimeMicros);
        assertThat(health.hasOpenAlert()).isFalse();
        assertThat(rule.onSilence(health(), 0L)).as("no alert open: nothing to end").isNull();
    }

    @Test
    void theSameWindowsGiveTheSameEventsAndAlertIds() {
        float[] scores = {
            0.1f, 0.9f, 0.9f, 0.9f, 0.2f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.9f, 0.9f
        };
        List<AlertEvent> first = feed(health(), 0, scores, "BALL");
        List<AlertEvent> second = feed(health(), 0, scores, "BALL");

        assertThat(first)
                .extracting(e -> e.kind + "/" + e.alertId)
                .isEqualTo(second.stream().map(e -> e.kind + "/" + e.alertId).toList());
        assertThat(
                        first.stream()
                                .filter(e -> e.kind.equals("RAISED"))
                                .map(e -> e.alertId)
                                .distinct()
                                .count())
                .as("each alert its own id")
                .isEqualTo(first.stream().filter(e -> e.kind.equals("RAISED")).count());
    }

    @Test
    void aPolicyThatCouldRaiseAndClearOnTheSameEvidenceIsRefused() {
        assertThatThrownBy(
                        () ->
                                new AlertPolicy(
                                        3,
                                        6,
                                        3,
                                        0.5f,
                                        0.1f,
                                        Duration.ZERO,
                                        Duration.ZERO,
                                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k + m must exceed n");
        assertThatThrownBy(
                        () ->
                                new AlertPolicy(
                                        11,
                                        10,
                                        8,
                                        0.5f,
                                        0.1f,
                                        Duration.ZERO,
                                        Duration.ZERO,
                                        Duration.ofSeconds(1)))
                .hasMessageContaining("the raise count k must be in [1, n=10]");
    }
}
