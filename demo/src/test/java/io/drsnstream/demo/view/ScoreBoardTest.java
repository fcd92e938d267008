package io.drsnstream.demo.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.schemas.ScoredWindow;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreBoardTest {

    private static final long START_MICROS = 1_764_000_000_000_000L;

    private static ScoredWindow window(int index, String label, float anomalyScore) {
        Instant start = Instant.EPOCH.plus(START_MICROS + index * 160_000L, ChronoUnit.MICROS);
        return ScoredWindow.newBuilder()
                .setMachineId("m")
                .setSensorId("m/s")
                .setWindowStart(start)
                .setWindowEnd(start.plus(160_000L, ChronoUnit.MICROS))
                .setFirstSeq(8L * index)
                .setLastSeq(8L * index + 7)
                .setSampleCount(2048)
                .setLabel(label)
                .setConfidence(0.9f)
                .setProbabilities(List.of())
                .setAnomalyScore(anomalyScore)
                .setAnomaly(anomalyScore >= 0.5f)
                .setShrinkage(0.2f)
                .setModelVersion("v")
                .setScoredAt(Instant.EPOCH)
                .setNoiseLevel(0.05f * (index % 10))
                .build();
    }

    @Test
    void keepsEachSensorsLatestWindowAndCountsItsAnomalies() {
        ScoreBoard board = new ScoreBoard(new SensorClock(START_MICROS, 1.0));
        int i = 0;
        for (; i < 20; i++) {
            // healthy with an occasional false alarm: 1 in 5 windows
            board.update(window(i, "HEALTHY", i % 5 == 0 ? 0.6f : 0.1f), 0L);
        }
        assertThat(board.rows()).singleElement();
        assertThat(board.rows().get(0).anomalies()).isEqualTo(4);
        assertThat(board.rows().get(0).lastAnomalyAtSeconds()).isEqualTo(15 * 0.16, offset(1e-9));

        for (; i < 28; i++) {
            board.update(window(i, i % 2 == 0 ? "OUTER_RACE" : "HEALTHY", 0.8f), 0L);
        }
        ScoreBoard.Row row = board.rows().get(0);
        assertThat(row.windows()).isEqualTo(28);
        assertThat(row.anomalies()).isEqualTo(12);
        assertThat(row.label()).as("the latest window's").isEqualTo("HEALTHY");
        assertThat(row.anomalyScore()).isEqualTo(0.8f);
        assertThat(row.sensorSeconds()).isEqualTo(27 * 0.16, offset(1e-9));
        assertThat(row.noiseLevel()).as("the latest window's").isEqualTo(0.05f * 7);
        assertThat(board.windowsSeen()).isEqualTo(28);
    }
}
