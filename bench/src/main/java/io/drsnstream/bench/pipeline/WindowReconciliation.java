package io.drsnstream.bench.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every window the load made, against every score a {@code read_committed} consumer read: which
 * never came (lost), which came more than once (duplicated) and which were never sent
 * (unexpected). With exactly-once delivery all three must be 0.
 *
 * <p>Component names are the result file's field names. Window lists are runs of consecutive
 * windows of one sensor, {@code sensor#first..last} (or {@code sensor#index}), in order.
 *
 * @param extraCopies reads beyond the first of the duplicated windows
 * @param deadLettersByReason dead letters on the job's dead-letter topic, by reason (the load
 *     sends only valid chunks, so none are expected)
 */
public record WindowReconciliation(
        long expected,
        long read,
        long distinctExpectedRead,
        long lost,
        long duplicated,
        long extraCopies,
        long unexpected,
        List<String> lostWindows,
        List<String> duplicatedWindows,
        List<String> unexpectedWindows,
        Map<String, Long> deadLettersByReason) {

    /** Window {@code index} (0 = the first) of a sensor. */
    public record WindowId(String sensorId, long index) implements Comparable<WindowId> {
        @Override
        public int compareTo(WindowId other) {
            int bySensor = sensorId.compareTo(other.sensorId);
            return bySensor != 0 ? bySensor : Long.compare(index, other.index);
        }
    }

    /**
     * @param expected every window the load's chunks hold
     * @param readCounts how often each window was read (windows read but not expected included)
     */
    public static WindowReconciliation of(
            Collection<WindowId> expected,
            Map<WindowId, Integer> readCounts,
            Map<String, Long> deadLettersByReason) {
        TreeSet<WindowId> lost = new TreeSet<>();
        TreeSet<WindowId> duplicated = new TreeSet<>();
        TreeSet<WindowId> unexpected = new TreeSet<>(readCounts.keySet());
        long read = 0;
        long extra = 0;
        long distinct = 0;
        for (WindowId id : expected) {
            unexpected.remove(id);
            int count = readCounts.getOrDefault(id, 0);
            if (count == 0) {
                lost.add(id);
            } else {
                distinct++;
            }
        }
        for (Map.Entry<WindowId, Integer> e : readCounts.entrySet()) {
            read += e.getValue();
            if (e.getValue() > 1) {
                duplicated.add(e.getKey());
                extra += e.getValue() - 1;
            }
        }
        return new WindowReconciliation(
                expected.size(),
                read,
                distinct,
                lost.size(),
                duplicated.size(),
                extra,
                unexpected.size(),
                runs(lost),
                runs(duplicated),
                runs(unexpected),
                new TreeMap<>(deadLettersByReason));
    }

    /** Whether nothing was lost, duplicated, unexpected or dead-lettered: exactly-once held. */
    public boolean clean() {
        return cleanAllowingDuplicates() && duplicated == 0;
    }

    /**
     * Whether nothing was lost, unexpected or dead-lettered: at-least-once held. Its duplicates
     * (windows scored again after a failure, before the checkpoint caught up) are its contract,
     * still counted and listed.
     */
    public boolean cleanAllowingDuplicates() {
        return lost == 0
                && unexpected == 0
                && deadLettersByReason.values().stream().mapToLong(Long::longValue).sum() == 0;
    }

    /** {@link #clean()} for exactly-once, {@link #cleanAllowingDuplicates()} for at-least-once. */
    public boolean cleanFor(String deliveryGuarantee) {
        return "at-least-once".equals(deliveryGuarantee) ? cleanAllowingDuplicates() : clean();
    }

    /** Sorted ids as runs of consecutive windows of one sensor. */
    static List<String> runs(TreeSet<WindowId> ids) {
        List<String> runs = new ArrayList<>();
        WindowId first = null;
        WindowId last = null;
        for (WindowId id : ids) {
            if (last != null
                    && id.sensorId().equals(last.sensorId())
                    && id.index() == last.index() + 1) {
                last = id;
                continue;
            }
            if (first != null) {
                runs.add(run(first, last));
            }
            first = id;
            last = id;
        }
        if (first != null) {
            runs.add(run(first, last));
        }
        return runs;
    }

    private static String run(WindowId first, WindowId last) {
        return first.sensorId()
                + "#"
                + first.index()
                + (last.index() == first.index() ? "" : ".." + last.index());
    }
}
