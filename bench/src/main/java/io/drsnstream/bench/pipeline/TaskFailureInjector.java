package io.drsnstream.bench.pipeline;

import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.deadletter.Inbound;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * The chaos phase's task failure: a pass-through operator that the harness puts between the
 * job's Kafka source and its first operator (the job itself has no such thing). Once {@link
 * #arm() armed}, the first subtask to see a record throws, as a task hit by a bug or a bad
 * dependency would; the job then fails over and restarts from its last checkpoint.
 *
 * <p>The arming is static: the MiniCluster runs the job's tasks in this JVM with this class
 * loader (the job graph has no user jars), and the restarted tasks are new instances.
 */
public final class TaskFailureInjector
        implements MapFunction<Inbound<ChunkRecord>, Inbound<ChunkRecord>> {

    private static final long serialVersionUID = 1L;

    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicLong LAST_FAILURE_MICROS = new AtomicLong(-1);

    /** The next record of any subtask fails its task (once). */
    public static void arm() {
        LAST_FAILURE_MICROS.set(-1);
        PENDING.incrementAndGet();
    }

    /** Drops an arming that has not fired yet (when its job has ended). */
    public static void disarm() {
        PENDING.set(0);
    }

    /** When the last armed failure was thrown ({@link MonotonicClock}); -1 before it fired. */
    public static long lastFailureMicros() {
        return LAST_FAILURE_MICROS.get();
    }

    @Override
    public Inbound<ChunkRecord> map(Inbound<ChunkRecord> record) {
        if (PENDING.get() > 0 && PENDING.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0) {
            LAST_FAILURE_MICROS.set(MonotonicClock.nowMicros());
            throw new InjectedFailure();
        }
        return record;
    }

    /** What the failed task reports. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure() {
            super("chaos: injected task failure");
        }
    }
}
