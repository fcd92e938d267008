package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.bench.pipeline.WindowReconciliation.WindowId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowReconciliationTest {

    private static List<WindowId> windows(String sensor, int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> new WindowId(sensor, i))
                .toList();
    }

    @Test
    void everyWindowReadOnceIsClean() {
        List<WindowId> expected = windows("a", 5);
        Map<WindowId, Integer> read = new HashMap<>();
        expected.forEach(id -> read.put(id, 1));

        WindowReconciliation r = WindowReconciliation.of(expected, read, Map.of());

        assertThat(r.expected()).isEqualTo(5);
        assertThat(r.read()).isEqualTo(5);
        assertThat(r.distinctExpectedRead()).isEqualTo(5);
        assertThat(r.lost()).isZero();
        assertThat(r.duplicated()).isZero();
        assertThat(r.unexpected()).isZero();
        assertThat(r.clean()).isTrue();
    }

    @Test
    void countsLostDuplicatedAndUnexpectedWindowsAndListsThemAsRuns() {
        List<WindowId> expected =
                java.util.stream.Stream.concat(windows("a", 10).stream(), windows("b", 3).stream())
                        .toList();
        Map<WindowId, Integer> read = new HashMap<>();
        expected.forEach(id -> read.put(id, 1));
        // a#3..5 and b#1 never came; a#7 came three times; c#0 was never sent.
        read.remove(new WindowId("a", 3));
        read.remove(new WindowId("a", 4));
        read.remove(new WindowId("a", 5));
        read.remove(new WindowId("b", 1));
        read.put(new WindowId("a", 7), 3);
        read.put(new WindowId("c", 0), 1);

        WindowReconciliation r = WindowReconciliation.of(expected, read, Map.of());

        assertThat(r.expected()).isEqualTo(13);
        assertThat(r.lost()).isEqualTo(4);
        assertThat(r.lostWindows()).containsExactly("a#3..5", "b#1");
        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.extraCopies()).isEqualTo(2);
        assertThat(r.duplicatedWindows()).containsExactly("a#7");
        assertThat(r.unexpected()).isEqualTo(1);
        assertThat(r.unexpectedWindows()).containsExactly("c#0");
        // 9 expected windows once, a#7 three times, c#0 once.
        assertThat(r.read()).isEqualTo(8 + 3 + 1);
        assertThat(r.distinctExpectedRead()).isEqualTo(9);
        assertThat(r.clean()).isFalse();
    }

    @Test
    void duplicatesAreCleanUnderAtLeastOnceOnlyAndLossNever() {
        List<WindowId> expected = windows("a", 3);
        WindowReconciliation duplicated =
                WindowReconciliation.of(
                        expected,
                        Map.of(
                                new WindowId("a", 0),
                                1,
                                new WindowId("a", 1),
                                2,
                                new WindowId("a", 2),
                                1),
                        Map.of());
        WindowReconciliation lost =
                WindowReconciliation.of(
                        expected,
                        Map.of(new WindowId("a", 0), 1, new WindowId("a", 1), 2),
                        Map.of());

        assertThat(duplicated.cleanFor("exactly-once")).isFalse();
        assertThat(duplicated.cleanFor("at-least-once")).isTrue();
        assertThat(lost.cleanFor("at-least-once")).isFalse();
    }

    @Test
    void aDeadLetterIsNotClean() {
        List<WindowId> expected = windows("a", 1);
        WindowReconciliation r =
                WindowReconciliation.of(
                        expected, Map.of(new WindowId("a", 0), 1), Map.of("INVALID_SAMPLES", 2L));

        assertThat(r.deadLettersByReason()).containsEntry("INVALID_SAMPLES", 2L);
        assertThat(r.clean()).isFalse();
    }

    @Test
    void runsSplitAtGapsAndSensors() {
        java.util.TreeSet<WindowId> ids = new java.util.TreeSet<>();
        for (long i : new long[] {0, 1, 2, 4, 6, 7}) {
            ids.add(new WindowId("a", i));
        }
        ids.add(new WindowId("b", 3));

        assertThat(WindowReconciliation.runs(ids))
                .containsExactly("a#0..2", "a#4", "a#6..7", "b#3");
    }
}
