package io.drsnstream.bench.pipeline;

import io.drsnstream.schemas.EpochMicros;
import java.time.Instant;

/**
 * Epoch time in microseconds from the monotonic clock, anchored once to the wall clock. The paced
 * producer (event time = send time) and the score reader (receive time) read the same clock, so
 * their difference is exact to the microsecond and never jumps with NTP.
 */
public final class MonotonicClock {

    private static final long ANCHOR_NANOS = System.nanoTime();
    private static final long ANCHOR_MICROS;

    static {
        Instant now = Instant.now();
        ANCHOR_MICROS = EpochMicros.of(now);
    }

    private MonotonicClock() {}

    /** Now, in microseconds since the epoch. */
    public static long nowMicros() {
        return ANCHOR_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1_000L;
    }

    /** Sleeps until {@code epochMicros} (returns at once if it has passed). */
    public static void sleepUntil(long epochMicros) throws InterruptedException {
        while (true) {
            long waitMicros = epochMicros - nowMicros();
            if (waitMicros <= 0) {
                return;
            }
            if (waitMicros > 2_000) {
                Thread.sleep((waitMicros - 1_000) / 1_000);
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(waitMicros * 1_000L);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
