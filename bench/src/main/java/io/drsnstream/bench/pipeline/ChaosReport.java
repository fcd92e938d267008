package io.drsnstream.bench.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The chaos phase's files besides the JSON: its Markdown report and its per-second timeline. */
final class ChaosReport {

    private ChaosReport() {}

    /** Per second of {@code scoredAt} from the load's start: windows scored, their worst lag, faults. */
    static void writeTimeline(
            Path csv,
            long[] scoredAt,
            long[] lag,
            long originMillis,
            List<ChaosPhase.FaultRecord> faults)
            throws IOException {
        TreeMap<Long, long[]> bySecond = new TreeMap<>(); // {windows, max lag}
        for (int i = 0; i < scoredAt.length; i++) {
            long second = Math.floorDiv(scoredAt[i] - originMillis, 1_000L);
            long[] b = bySecond.computeIfAbsent(second, k -> new long[2]);
            b[0]++;
            b[1] = Math.max(b[1], lag[i]);
        }
        Map<Long, String> events = new TreeMap<>();
        for (ChaosPhase.FaultRecord f : faults) {
            events.merge((long) Math.floor(f.atSeconds()), f.kind().name(), (a, b) -> a + "+" + b);
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("second,windows_scored,max_lag_ms,fault");
            long first = Math.min(0, bySecond.isEmpty() ? 0 : bySecond.firstKey());
            long last = bySecond.isEmpty() ? 0 : bySecond.lastKey();
            for (long s = first; s <= last; s++) {
                long[] b = bySecond.getOrDefault(s, new long[] {0, 0});
                w.printf(Locale.ROOT, "%d,%d,%d,%s%n", s, b[0], b[1], events.getOrDefault(s, ""));
            }
        }
    }

    /** The result as Markdown tables. */
    static void write(Path file, ChaosPhase.Result r) throws IOException {
        WindowReconciliation rec = r.reconciliation();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.printf(
                    Locale.ROOT,
                    "# Chaos run: %s%n%n%d sensors (%.0f windows/s), %.0f s of load, %s, %d TaskManagers x %d"
                            + " slots, checkpoint interval %.0f s, seed %d, restarts %s.%n%n",
                    r.clean() ? "clean" : "NOT CLEAN",
                    r.fleet().sensors(),
                    r.fleet().offeredWindowsPerSecond(),
                    r.loadSeconds(),
                    r.delivery(),
                    r.taskManagers(),
                    r.slotsPerTaskManager(),
                    r.checkpointIntervalSeconds(),
                    r.seed(),
                    r.restartStrategy());
            w.println("## Reconciliation (read_committed, every window the load made)");
            w.println();
            w.println(
                    "| expected | read | lost | duplicated | extra copies | unexpected | undecodable | dead letters |");
            w.println("|---:|---:|---:|---:|---:|---:|---:|---|");
            w.printf(
                    Locale.ROOT,
                    "| %d | %d | %d | %d | %d | %d | %d | %s |%n%n",
                    rec.expected(),
                    rec.read(),
                    rec.lost(),
                    rec.duplicated(),
                    rec.extraCopies(),
                    rec.unexpected(),
                    r.undecodableScores(),
                    rec.deadLettersByReason().isEmpty() ? "0" : rec.deadLettersByReason());
            listWindows(w, "Lost", rec.lostWindows());
            listWindows(w, "Duplicated", rec.duplicatedWindows());
            listWindows(w, "Unexpected", rec.unexpectedWindows());
            if (r.jobFailure() != null) {
                w.println("Job failure: " + r.jobFailure());
                w.println();
            }
            RecoveryTimes.Steady s = r.steady();
            w.printf(
                    Locale.ROOT,
                    "## Recovery%n%nSteady (second half of the warm-up, before the first fault): %d windows, lag (scoredAt -"
                            + " windowEnd) p50 %d ms, p99 %d ms. Recovered = every window scored for %.0f s has lag <="
                            + " %d ms (p99 + 1 s), none more than %.0f s apart. Target: checkpoint interval + 30 s ="
                            + " %.0f s.%n%n",
                    s.windows(),
                    s.lagP50Ms(),
                    s.lagP99Ms(),
                    s.holdSeconds(),
                    s.lagThresholdMs(),
                    s.maxGapSeconds(),
                    r.recoveryTargetSeconds());
            w.println("| at (s) | fault | detail | recovery (s) | within target |");
            w.println("|---:|---|---|---:|---|");
            for (ChaosPhase.FaultRecord f : r.faults()) {
                w.printf(
                        Locale.ROOT,
                        "| %.1f | %s | %s | %s | %s |%n",
                        f.atSeconds(),
                        f.kind(),
                        f.detail(),
                        f.recoverySeconds() == null
                                ? "not before the next fault / end"
                                : String.format(Locale.ROOT, "%.1f", f.recoverySeconds()),
                        f.withinTarget() ? "yes" : "no");
            }
            w.println();
            w.println("| kind | faults | not recovered | p50 (s) | max (s) |");
            w.println("|---|---:|---:|---:|---:|");
            r.recoveryByKind()
                    .forEach(
                            (kind, k) ->
                                    w.printf(
                                            Locale.ROOT,
                                            "| %s | %d | %d | %s | %s |%n",
                                            kind,
                                            k.faults(),
                                            k.notRecovered(),
                                            k.p50Seconds() == null
                                                    ? "-"
                                                    : String.format(
                                                            Locale.ROOT, "%.1f", k.p50Seconds()),
                                            k.maxSeconds() == null
                                                    ? "-"
                                                    : String.format(
                                                            Locale.ROOT, "%.1f", k.maxSeconds())));
            w.println();
            w.printf(
                    Locale.ROOT,
                    "Drain: every expected window read %.1f s after the load stopped%s. Producer lateness p99 %d ms.%n",
                    r.secondsToReconciled(),
                    rec.lost() > 0 ? " (or the drain timed out)" : "",
                    r.producerLateness().p99Ms());
        }
    }

    private static void listWindows(PrintWriter w, String what, List<String> runs) {
        if (runs.isEmpty()) {
            return;
        }
        w.println(what + " windows (sensor#first..last):");
        w.println();
        int shown = Math.min(runs.size(), 100);
        w.println(
                "    "
                        + String.join(", ", runs.subList(0, shown))
                        + (shown < runs.size()
                                ? ", ... (" + (runs.size() - shown) + " more runs in the JSON)"
                                : ""));
        w.println();
    }
}
