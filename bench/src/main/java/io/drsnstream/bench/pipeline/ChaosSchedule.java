package io.drsnstream.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When the chaos phase strikes and with what: {@code faults} TaskManager losses or task failures
 * (each a coin toss) and {@code brokerRestarts} broker restarts, at random times from a seeded
 * {@link Random}, so that a run can be repeated.
 *
 * <p>Every event is followed by at least {@code gapSeconds} without another (the time the
 * pipeline is given to recover, and to show it recovered); the slack left over is spread at
 * random before, between and after them. The broker restarts take random places in the order.
 */
public record ChaosSchedule(List<PlannedFault> faults) {

    /** What is done to the pipeline. */
    public enum FaultKind {
        /** A TaskManager terminated (its tasks fail, its slots vanish), then a new one started. */
        TASKMANAGER_LOSS,
        /** One task throws (the harness's {@link TaskFailureInjector}); the job fails over. */
        TASK_FAILURE,
        /** The broker stopped, down for a while, started again on the same ports and data. */
        BROKER_RESTART
    }

    /** One event, {@code atSeconds} after the load's origin. */
    public record PlannedFault(FaultKind kind, double atSeconds) {}

    /** The shortest span that holds {@code faults} and the broker restarts. */
    public static double minimumSpanSeconds(int faults, int brokerRestarts, double gapSeconds) {
        return (faults + brokerRestarts) * gapSeconds;
    }

    /**
     * @param faults TaskManager losses and task failures; the broker restarts come on top
     * @param brokerRestarts broker restarts
     * @param fromSeconds earliest event time (after the warm-up)
     * @param toSeconds end of the load: the last event is at least {@code gapSeconds} before it
     * @param gapSeconds least time after each event before the next one (or the end)
     */
    public static ChaosSchedule plan(
            long seed,
            int faults,
            int brokerRestarts,
            double fromSeconds,
            double toSeconds,
            double gapSeconds) {
        double slack =
                toSeconds - fromSeconds - minimumSpanSeconds(faults, brokerRestarts, gapSeconds);
        if (faults < 0 || brokerRestarts < 0 || slack < 0) {
            throw new IllegalArgumentException(
                    String.format(
                            java.util.Locale.ROOT,
                            "%d faults and %d broker restarts need %.0f s of load after the %.0f s"
                                    + " warm-up (%.0f s after each), the load has %.0f s: make it longer"
                                    + " or use fewer faults",
                            faults,
                            brokerRestarts,
                            minimumSpanSeconds(faults, brokerRestarts, gapSeconds),
                            fromSeconds,
                            gapSeconds,
                            toSeconds - fromSeconds));
        }
        Random random = new Random(seed);
        int events = faults + brokerRestarts;
        // With one restart this draws as earlier releases did, so their seeds give the same runs.
        java.util.Set<Integer> brokerPlaces = new java.util.HashSet<>();
        while (brokerPlaces.size() < brokerRestarts) {
            brokerPlaces.add(random.nextInt(events));
        }
        double[] offsets = new double[events];
        for (int i = 0; i < events; i++) {
            offsets[i] = random.nextDouble() * slack;
        }
        java.util.Arrays.sort(offsets);
        List<PlannedFault> planned = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            FaultKind kind =
                    brokerPlaces.contains(i)
                            ? FaultKind.BROKER_RESTART
                            : random.nextBoolean()
                                    ? FaultKind.TASKMANAGER_LOSS
                                    : FaultKind.TASK_FAILURE;
            planned.add(new PlannedFault(kind, fromSeconds + offsets[i] + i * gapSeconds));
        }
        return new ChaosSchedule(List.copyOf(planned));
    }
}
