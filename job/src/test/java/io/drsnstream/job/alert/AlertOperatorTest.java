package io.drsnstream.job.alert;

import static io.drsnstream.job.alert.AlertWindows.window;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.job.datatypes.AlertEvent;
import io.drsnstream.job.datatypes.ScoringResult;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The alert operator on Flink's keyed state and timers, through Flink's operator test harness. */
class AlertOperatorTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoringResult, AlertEvent>
            harness(boolean byMachine) throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new AlertOperator(AlertWindows.policy(), byMachine)),
                        (ScoringResult w) -> byMachine ? w.machineId : w.sensorId,
                        Types.STRING);
        harness.open();
        return harness;
    }

    private static void process(
            KeyedOneInputStreamOperatorTestHarness<String, ScoringResult, AlertEvent> harness,
            ScoringResult window)
            throws Exception {
        harness.processElement(window, window.endMicros / 1_000L);
    }

    private static List<AlertEvent> events(
            KeyedOneInputStreamOperatorTestHarness<String, ScoringResult, AlertEvent> harness) {
        return harness.extractOutputValues();
    }

    @Test
    void sensorsAreJudgedApart() throws Exception {
        try (var harness = harness(false)) {
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
                process(harness, window("b1", i, 0.1f, "HEALTHY"));
            }
            assertThat(events(harness))
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
                process(harness, window("b1", i, 0.1f, "HEALTHY"));
            }
            long lastEndMillis = window("a1", 2, 0f, "").endMicros / 1_000L;
            harness.processWatermark(lastEndMillis + 4_999L);
            assertThat(events(harness)).extracting(e -> e.kind).containsExactly("RAISED");

            harness.processWatermark(lastEndMillis + 5_000L);

            List<AlertEvent> events = events(harness);
            assertThat(events).extracting(e -> e.kind).containsExactly("RAISED", "NO_DATA");
            assertThat(events.get(1).alertId).isEqualTo(events.get(0).alertId);
            assertThat(events.get(1).eventTimeMicros).isEqualTo((lastEndMillis + 5_000L) * 1_000L);
            assertThat(harness.numKeyedStateEntries()).as("both sensors' state freed").isZero();
        }
    }

    @Test
    void aWindowPostponesTheSilenceTimer() throws Exception {
        try (var harness = harness(false)) {
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
            }
            process(harness, window("a1", 30, 0.9f, "BALL")); // 4.3 s later
            harness.processWatermark(window("a1", 2, 0f, "").endMicros / 1_000L + 5_000L);

            assertThat(events(harness)).extracting(e -> e.kind).doesNotContain("NO_DATA");
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
            for (int i = 0; i < 3; i++) {
                process(harness, window("a1", i, 0.9f, "BALL"));
            }
            alertId = events(harness).get(0).alertId;
            snapshot = harness.snapshot(1L, 1L);
        }

        try (var restored =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AlertOperator(AlertWindows.policy(), false)),
                        (ScoringResult w) -> w.sensorId,
                        Types.STRING)) {
            restored.initializeState(snapshot);
            restored.open();
            for (int i = 3; i < 13; i++) {
                process(restored, window("a1", i, 0.1f, "HEALTHY"));
            }
            List<AlertEvent> events = restored.extractOutputValues();
            assertThat(events).extracting(e -> e.kind).doesNotContain("RAISED").contains("CLEARED");
            assertThat(events).allSatisfy(e -> assertThat(e.alertId).isEqualTo(alertId));

            // The silence timer came back with the state.
            restored.processWatermark(window("a1", 12, 0f, "").endMicros / 1_000L + 5_000L);
            assertThat(restored.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void keyedByMachineTheSensorsEvidenceIsPooled() throws Exception {
        try (var harness = harness(true)) {
            // Two sensors of machine "machine-a", each with too few anomalies on its own.
            process(harness, window("a1", 0, 0.9f, "BALL"));
            process(harness, window("a2", 0, 0.9f, "BALL"));
            process(harness, window("a1", 1, 0.9f, "BALL"));

            assertThat(events(harness))
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
}
