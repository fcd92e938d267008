package io.drsnstream.demo.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertBoardTest {

    private static final long START_MICROS = 1_764_000_000_000_000L;
    private static final SingleObjectCodec<SensorAlert> CODEC = SingleObjectCodec.sensorAlerts();

    private static byte[] event(
            String alertId, String sensorId, AlertKind kind, String label, double atSeconds) {
        long at = START_MICROS + (long) (atSeconds * 1e6);
        return CODEC.encode(
                SensorAlert.newBuilder()
                        .setAlertId(alertId)
                        .setMachineId("gearbox-02")
                        .setSensorId(sensorId)
                        .setKind(kind)
                        .setLabel(label)
                        .setLabelShare(0.75f)
                        .setMeanAnomalyScore(0.82f)
                        .setPeakAnomalyScore(0.97f)
                        .setFirstWindowStart(EpochMicros.toInstant(at - 1_600_000L))
                        .setLastWindowEnd(EpochMicros.toInstant(at))
                        .setWindowsCounted(10)
                        .setAnomalyThreshold(0.5f)
                        .setModelVersion("test-model")
                        .setEventTime(EpochMicros.toInstant(at))
                        .setProcessedAt(EpochMicros.toInstant(at))
                        .build());
    }

    private static ScoredWindow scoredWindow(String sensorId, double atSeconds) {
        Instant start = EpochMicros.toInstant(START_MICROS + (long) (atSeconds * 1e6));
        return ScoredWindow.newBuilder()
                .setMachineId(sensorId.substring(0, sensorId.indexOf('/')))
                .setSensorId(sensorId)
                .setWindowStart(start)
                .setWindowEnd(start.plusMillis(160))
                .setFirstSeq(0L)
                .setLastSeq(7L)
                .setSampleCount(2048)
                .setLabel("OUTER_RACE")
                .setConfidence(0.9f)
                .setProbabilities(List.of())
                .setAnomalyScore(0.9f)
                .setAnomaly(true)
                .setShrinkage(0.2f)
                .setModelVersion("test-model")
                .setScoredAt(Instant.EPOCH)
                .setNoiseLevel(0.3f)
                .build();
    }

    @Test
    void eachSensorShowsItsLatestAlertEventWithTheTimeItWasRaised() {
        AlertBoard board = new AlertBoard(new SensorClock(START_MICROS, 1.0));
        String first = "0f1e2d3c-0000-3000-8000-000000000001";
        String second = "9a8b7c6d-0000-3000-8000-000000000002";
        assertThat(
                        board.update(
                                event(
                                        first,
                                        "gearbox-02/acc-1",
                                        AlertKind.RAISED,
                                        "OUTER_RACE",
                                        12.5),
                                CODEC))
                .isTrue();
        assertThat(
                        board.update(
                                event(
                                        first,
                                        "gearbox-02/acc-1",
                                        AlertKind.UPDATED,
                                        "INNER_RACE",
                                        25),
                                CODEC))
                .isTrue();
        assertThat(
                        board.update(
                                event(second, "gearbox-02/acc-2", AlertKind.RAISED, "BALL", 13),
                                CODEC))
                .isTrue();
        assertThat(
                        board.update(
                                event(second, "gearbox-02/acc-2", AlertKind.CLEARED, "BALL", 50),
                                CODEC))
                .isTrue();
        assertThat(board.update("not avro".getBytes(StandardCharsets.UTF_8), CODEC)).isFalse();

        AlertBoard.SensorAlertState open = board.state("gearbox-02/acc-1");
        assertThat(open.status()).isEqualTo(AlertBoard.Status.OPEN);
        assertThat(open.alertId()).isEqualTo(first);
        assertThat(open.label()).as("the latest event's").isEqualTo("INNER_RACE");
        assertThat(open.sinceSeconds()).as("raised at").isEqualTo(12.5, offset(1e-6));
        assertThat(open.atSeconds()).isEqualTo(25, offset(1e-6));
        assertThat(open.meanAnomalyScore()).isEqualTo(0.82f);

        AlertBoard.SensorAlertState cleared = board.state("gearbox-02/acc-2");
        assertThat(cleared.status()).isEqualTo(AlertBoard.Status.CLEARED);
        assertThat(cleared.sinceSeconds()).isEqualTo(13, offset(1e-6));
        assertThat(cleared.atSeconds()).isEqualTo(50, offset(1e-6));

        assertThat(board.state("gearbox-01/acc-1")).as("never alerted").isNull();
        assertThat(board.events())
                .extracting(SensorAlert::getKind)
                .containsExactly(
                        AlertKind.RAISED, AlertKind.UPDATED, AlertKind.RAISED, AlertKind.CLEARED);
    }

    @Test
    void anAlertFirstSeenAfterItsRaiseDatesFromItsEvidenceAndNoDataEndsIt() {
        AlertBoard board = new AlertBoard(new SensorClock(START_MICROS, 1.0));
        String id = "11111111-0000-3000-8000-000000000003";
        board.update(event(id, "gearbox-03/acc-1", AlertKind.UPDATED, "OUTER_RACE", 30), CODEC);
        assertThat(board.state("gearbox-03/acc-1").sinceSeconds())
                .as("the start of the evidence")
                .isEqualTo(28.4, offset(1e-6));
        board.update(event(id, "gearbox-03/acc-1", AlertKind.NO_DATA, "OUTER_RACE", 95), CODEC);
        assertThat(board.state("gearbox-03/acc-1").status()).isEqualTo(AlertBoard.Status.NO_DATA);
    }

    @Test
    void theTableShowsEachSensorsAlertAndTheJobsEvents() {
        SensorClock clock = new SensorClock(START_MICROS, 1.0);
        AlertBoard alerts = new AlertBoard(clock);
        alerts.update(
                event(
                        "0f1e2d3c-0000-3000-8000-000000000001",
                        "gearbox-02/acc-1",
                        AlertKind.RAISED,
                        "OUTER_RACE",
                        12.5),
                CODEC);
        ScoreBoard scores = new ScoreBoard(clock);
        scores.update(scoredWindow("gearbox-02/acc-1", 14.0), 0L);
        scores.update(scoredWindow("gearbox-01/acc-1", 14.0), 0L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConsoleTable(new PrintStream(out, true, StandardCharsets.UTF_8), false)
                .draw(scores, alerts, List.of("header"), Map.of());
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(line -> line.startsWith("gearbox-02 ")))
                .singleElement()
                .asString()
                .endsWith("OUTER_RACE since 12.5 s, mean 0.82");
        assertThat(text.lines().filter(line -> line.startsWith("gearbox-01 ")))
                .singleElement()
                .asString()
                .endsWith(" -");
        assertThat(text)
                .contains("alert (sensor-alerts)")
                .contains("Alert events of the job:")
                .contains("RAISED")
                .contains("gearbox-02/acc-1")
                .contains("OUTER_RACE")
                .contains("share 0.75")
                .contains("at   12.5 s of sensor time")
                .contains("mean score 0.82, peak 0.97")
                .contains("(alert 0f1e2d3c)");
    }
}
