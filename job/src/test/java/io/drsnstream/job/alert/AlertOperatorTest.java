package io.drsnstream.job.alert;

import static io.drsnstream.job.alert.AlertWindows.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.job.scoring.ScoringResult;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The alert operator on Flink's keyed and broadcast state and timers, through Flink's test harness. */
class AlertOperatorTest {

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoringResult, AlertConfigUpdate, AlertEvent>
            harness(boolean byMachine) throws Exception {
        var harness = newHarness(byMachine);
        harness.open();
        return harness;
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoringResult, AlertConfigUpdate, AlertEvent>
            newHarness(boolean byMachine) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new AlertOperator(AlertWindows.policy(), byMachine),
                        List.of(AlertOperator.ALERT_OVERRIDES)),
                (ScoringResult w) -> byMachine ? w.machineId : w.sensorId,
                Types.STRING,
                128,
                1,
                0);
    }

    private static void process(
            KeyedBroadcastOperatorTestHarness<String, ScoringResult, AlertConfigUpdate, AlertEvent>
                    harness,
            ScoringResult window)
            throws Exception {
        harness.processElement(window, window.endMicros / 1_000L);
    }

    private static List<String> kinds(List<AlertEvent> events) {
        return events.stream().map(e -> e.kind).toList();
    }

    @Test
    void sensorsAreJudgedApart() throws Exception {
        try (var harness = harness(false)) {
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
                process(harness, window("b1", i, 0.1f, "HEALTHY"));
            }
            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.kind).isEqualTo("RAISED");
                                assertThat(e.sensorId).isEqualTo("a1");
                            });
        }
    }

    @Test
    void aSilentSensorEndsItsAlertWithNoDataAndItsStateIsFreed() throws Exception {
        try (var harness = harness(false)) {
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
            }
            long lastEndMillis = window("a1", 2, 0f, "").endMicros / 1_000L;
            harness.watermark(lastEndMillis + 4_999L);
            assertThat(kinds(harness.extractOutputValues())).containsExactly("RAISED");

            harness.watermark(lastEndMillis + 5_000L);

            List<AlertEvent> events = harness.extractOutputValues();
            assertThat(kinds(events)).containsExactly("RAISED", "NO_DATA");
            assertThat(events.get(1).alertId).isEqualTo(events.get(0).alertId);
            assertThat(events.get(1).eventTimeMicros).isEqualTo((lastEndMillis + 5_000L) * 1_000L);
            assertThat(harness.numEventTimeTimers()).isZero();

            // The old evidence is gone: two anomalies alone (3 are needed) raise nothing.
            process(harness, window("a1", 100, 0.9f, "BALL"));
            process(harness, window("a1", 101, 0.9f, "BALL"));
            assertThat(kinds(harness.extractOutputValues())).containsExactly("RAISED", "NO_DATA");
        }
    }

    @Test
    void aWindowPostponesTheSilenceTimer() throws Exception {
        try (var harness = harness(false)) {
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
            }
            process(harness, window("a1", 30, 0.9f, "BALL")); // 4.3 s later
            harness.watermark(window("a1", 2, 0f, "").endMicros / 1_000L + 5_000L);

            assertThat(kinds(harness.extractOutputValues())).doesNotContain("NO_DATA");
            assertThat(harness.numEventTimeTimers())
                    .as("one silence timer per sensor")
                    .isEqualTo(1);
        }
    }

    @Test
    void anAlertSurvivesARestoreFromASnapshotMidAlert() throws Exception {
        OperatorSubtaskState snapshot;
        String alertId;
        try (var harness = harness(false)) {
            harness.processBroadcastElement(
                    AlertConfigUpdate.set("sensor:a1", new AlertOverride(3, 5, 4, null)), 0L);
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
            }
            alertId = harness.extractOutputValues().get(0).alertId;
            snapshot = harness.snapshot(1L, 1L);
        }

        try (var restored = newHarness(false)) {
            restored.initializeState(snapshot);
            restored.open();
            assertThat(restored.getBroadcastState(AlertOperator.ALERT_OVERRIDES).get("sensor:a1"))
                    .as("the override came back with the state")
                    .isNotNull();
            for (int i = 3; i < 13; i++) {
                process(restored, window("a1", i, 0.1f, "HEALTHY"));
            }
            List<AlertEvent> events = restored.extractOutputValues();
            assertThat(kinds(events)).doesNotContain("RAISED").contains("CLEARED");
            assertThat(events).allSatisfy(e -> assertThat(e.alertId).isEqualTo(alertId));

            // The silence timer came back with the state.
            assertThat(restored.numEventTimeTimers()).isEqualTo(1);
            restored.watermark(window("a1", 12, 0f, "").endMicros / 1_000L + 5_000L);
            assertThat(restored.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void keyedByMachineTheSensorsEvidenceIsPooled() throws Exception {
        try (var harness = harness(true)) {
            // Two sensors of machine "machine-a", each with too few anomalies on its own.
            process(harness, window("a1", 0, 0.9f, "BALL"));
            process(harness, window("a2", 0, 0.9f, "BALL"));
            process(harness, window("a1", 1, 0.9f, "BALL"));

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.kind).isEqualTo("RAISED");
                                assertThat(e.machineId).isEqualTo("machine-a");
                                assertThat(e.sensorId).isNull();
                                assertThat(e.key()).isEqualTo("machine-a");
                            });
        }
    }

    @Test
    void aSensorOverrideWinsOverItsMachinesWhichWinsOverTheDefaults() throws Exception {
        try (var harness = harness(false)) {
            // Machine "machine-a": 5 of 5 to raise; sensor a2 of it: 2 of 5; b1: the defaults (3 of
            // 5).
            harness.processBroadcastElement(
                    AlertConfigUpdate.set("machine:machine-a", new AlertOverride(5, 5, 1, null)),
                    0L);
            harness.processBroadcastElement(
                    AlertConfigUpdate.set("sensor:a2", new AlertOverride(2, 5, 4, null)), 0L);
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
                process(harness, window("a2", i, 0.9f, "BALL"));
                process(harness, window("b1", i, 0.9f, "BALL"));
            }
            List<AlertEvent> raised = harness.extractOutputValues();
            assertThat(raised)
                    .extracting(e -> e.sensorId + "@" + e.windowsCounted)
                    .containsExactly("a2@2", "b1@3");

            // Removing the machine's override puts a1 back on the defaults.
            harness.processBroadcastElement(AlertConfigUpdate.remove("machine:machine-a"), 0L);
            process(harness, window("a1", 3, 0.9f, "BALL"));
            assertThat(harness.extractOutputValues())
                    .extracting(e -> e.sensorId)
                    .containsExactly("a2", "b1", "a1");
        }
    }

    @Test
    void anOverrideMayMoveTheThreshold() throws Exception {
        try (var harness = harness(false)) {
            harness.processBroadcastElement(
                    AlertConfigUpdate.set("sensor:a1", new AlertOverride(3, 5, 3, 0.95f)), 0L);
            for (int i = 0; i < 5; i++) {
                process(harness, window("a1", i, 0.9f, "BALL")); // anomalies at 0.5, not at 0.95
            }
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }
}
