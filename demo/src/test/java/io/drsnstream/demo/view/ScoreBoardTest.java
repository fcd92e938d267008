package io.drsnstream.demo.view;

import static org.assertj.core.api.Assertions.assertThat;

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
    void singleNoisyWindowsDoNotFlagButAPersistentFaultDoesWithItsDominantLabel() {
        ScoreBoard board = new ScoreBoard(new SensorClock(START_MICROS, 1.0));
        int i = 0;
        for (; i < 20; i++) {
            // healthy with an occasional false alarm: 1 in 5 windows
            board.update(window(i, "HEALTHY", i % 5 == 0 ? 0.6f : 0.1f), 0L);
        }
        assertThat(board.flags()).isEmpty();
        assertThat(board.rows().get(0).lastFlaggedAtSeconds()).isNotNull();

        for (; i < 28; i++) {
            board.update(window(i, i % 2 == 0 ? "OUTER_RACE" : "HEALTHY", 0.8f), 0L);
        }
        assertThat(board.flags())
                .singleElement()
                .satisfies(
                        flag -> {
                            assertThat(flag.label()).isEqualTo("OUTER_RACE");
                            assertThat(flag.atSensorSeconds()).isBetween(20 * 0.16, 28 * 0.16);
                        });
        assertThat(board.rows().get(0).windows()).isEqualTo(28);
        assertThat(board.rows().get(0).noiseLevel()).as("the latest window's").isEqualTo(0.05f * 7);
    }
}
