package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryTimesTest {

    private static final long THRESHOLD = 1_500;
    private static final long HOLD = 10_000;
    private static final long MAX_GAP = 2_000;

    /** Windows every 100 ms from 0 to 120 s; lag 500 ms except where {@code late} says. */
    private static long[][] timeline(
            java.util.function.LongUnaryOperator lagAt, long fromMs, long toMs) {
        List<long[]> windows = new ArrayList<>();
        for (long t = fromMs; t <= toMs; t += 100) {
            long lag = lagAt.applyAsLong(t);
            if (lag >= 0) {
                windows.add(new long[] {t, lag});
            }
        }
        return new long[][] {
            windows.stream().mapToLong(w -> w[0]).toArray(),
            windows.stream().mapToLong(w -> w[1]).toArray()
        };
    }

    @Test
    void recoveryEndsWhenLagIsBackAndStaysBackForTheHold() {
        // Fault at 30 s: nothing scored until 38 s (restart), then the backlog late, its lag
        // falling from 8 s to 0.5 s by 50 s; steady from 50 s on.
        long[][] w =
                timeline(
                        t -> {
                            if (t < 30_000) {
                                return 500;
                            }
                            if (t < 38_000) {
                                return -1; // none scored
                            }
                            if (t < 50_000) {
                                return 8_000 - (t - 38_000) * 7_500 / 12_000;
                            }
                            return 500;
                        },
                        0,
                        120_000);

        long recovery =
                RecoveryTimes.recoveryMillis(w[0], w[1], 30_000, 120_000, THRESHOLD, HOLD, MAX_GAP);

        // Lag first falls to <= 1.5 s when 8000 - (t - 38000) * 0.625 <= 1500: t = 48.4 s.
        assertThat(recovery).isEqualTo(48_400 - 30_000);
    }

    @Test
    void aLateWindowInsideTheHoldStartsItAgain() {
        long[][] w =
                timeline(
                        t -> {
                            if (t >= 30_000 && t < 35_000) {
                                return 5_000;
                            }
                            // One late window at 40 s: the hold that began at 35 s breaks.
                            return t == 40_000 ? 2_000 : 500;
                        },
                        0,
                        120_000);

        assertThat(
                        RecoveryTimes.recoveryMillis(
                                w[0], w[1], 30_000, 120_000, THRESHOLD, HOLD, MAX_GAP))
                .isEqualTo(40_100 - 30_000);
    }

    @Test
    void onTimeWindowsBeforeAGapDoNotCountAsSteady() {
        // Scored on time just after the fault, then nothing for 8 s (the restart), then on time.
        long[][] w = timeline(t -> t > 30_500 && t < 38_500 ? -1 : 500, 0, 120_000);

        assertThat(
                        RecoveryTimes.recoveryMillis(
                                w[0], w[1], 30_000, 120_000, THRESHOLD, HOLD, MAX_GAP))
                .isEqualTo(38_500 - 30_000);
    }

    @Test
    void notRecoveredBeforeTheNextFaultIsMinusOne() {
        long[][] w = timeline(t -> t >= 30_000 && t < 55_000 ? 5_000 : 500, 0, 120_000);

        // Steady from 55 s, but the next fault is at 60 s: the hold is not complete.
        assertThat(
                        RecoveryTimes.recoveryMillis(
                                w[0], w[1], 30_000, 60_000, THRESHOLD, HOLD, MAX_GAP))
                .isEqualTo(-1);
        assertThat(
                        RecoveryTimes.recoveryMillis(
                                w[0], w[1], 30_000, 120_000, THRESHOLD, HOLD, MAX_GAP))
                .isEqualTo(25_000);
    }

    @Test
    void aFaultWithoutEffectRecoversAtOnce() {
        long[][] w = timeline(t -> 500, 0, 120_000);

        assertThat(
                        RecoveryTimes.recoveryMillis(
                                w[0], w[1], 30_050, 120_000, THRESHOLD, HOLD, MAX_GAP))
                .isEqualTo(50);
    }

    @Test
    void percentilesAreNearestRank() {
        assertThat(RecoveryTimes.percentile(new long[] {40, 10, 30, 20}, 0.5)).isEqualTo(20);
        assertThat(RecoveryTimes.percentile(new long[] {40, 10, 30, 20}, 0.99)).isEqualTo(40);
        assertThat(RecoveryTimes.percentile(new long[] {7}, 0.5)).isEqualTo(7);
        assertThat(RecoveryTimes.percentile(new long[0], 0.5)).isEqualTo(-1);
    }

    @Test
    void kindSummaryLeavesUnrecoveredFaultsOutOfP50AndMaxButCountsThem() {
        RecoveryTimes.KindSummary s =
                RecoveryTimes.KindSummary.of(List.of(12_000L, -1L, 30_000L, 20_000L));

        assertThat(s.faults()).isEqualTo(4);
        assertThat(s.notRecovered()).isEqualTo(1);
        assertThat(s.p50Seconds()).isEqualTo(20.0);
        assertThat(s.maxSeconds()).isEqualTo(30.0);
        assertThat(RecoveryTimes.KindSummary.of(List.of(-1L)).p50Seconds()).isNull();
    }

    @Test
    void steadyIsMeasuredBeforeTheFirstFaultWithTheThresholdAboveP99() {
        long[][] w = timeline(t -> t < 10_000 ? 3_000 : 400 + (t / 100) % 10, 0, 60_000);

        RecoveryTimes.Steady steady = ChaosPhase.steady(w[0], w[1], 10_000, 30_000);
        assertThat(steady.lagP50Ms()).isEqualTo(404);

        // 200 windows in [10 s, 30 s), lags 400..409.
        assertThat(steady.windows()).isEqualTo(200);
        assertThat(steady.lagP99Ms()).isEqualTo(409);
        assertThat(steady.lagThresholdMs()).isEqualTo(1_409);
    }
}
