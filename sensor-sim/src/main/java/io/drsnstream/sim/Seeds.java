package io.drsnstream.sim;

/**
 * Derivation of independent seeds from one master seed (SplitMix64 finaliser), so that every
 * window, component and noise stream has its own random generator and the result does not
 * depend on the order or the thread in which things are generated.
 */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {}

    /** A seed for sub-stream {@code index} of {@code seed}; distinct indexes give unrelated seeds. */
    static long derive(long seed, long index) {
        return mix(mix(seed) + GOLDEN_GAMMA * (index + 1));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
