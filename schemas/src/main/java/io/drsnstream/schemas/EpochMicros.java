package io.drsnstream.schemas;

import java.time.Instant;

/**
 * Microseconds since the Unix epoch, the unit of every {@code timestamp-micros} field of the
 * contracts, to and from {@link Instant}. The job keeps times as {@code long} micros (cheap to
 * store in state, exact to the sample) and converts only at the topic's edge.
 */
public final class EpochMicros {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private EpochMicros() {}

    /** The instant {@code micros} microseconds after the epoch (negative: before it). */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(
                Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }

    /**
     * Microseconds since the epoch, sub-microsecond digits dropped toward the past.
     *
     * @throws ArithmeticException when the instant lies beyond a {@code long} of microseconds
     */
    public static long of(Instant instant) {
        long seconds = instant.getEpochSecond();
        long micros = instant.getNano() / 1_000L;
        if (seconds < 0 && micros > 0) {
            // Borrow a second so that the product cannot overflow where the sum would not.
            seconds += 1;
            micros -= MICROS_PER_SECOND;
        }
        return Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), micros);
    }
}
