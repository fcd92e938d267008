package io.drsnstream.sim;

import java.util.SplittableRandom;

/**
 * A continuous range of operating points: every window draws its shaft speed uniformly from
 * {@code [minHz, maxHz]} and its load uniformly from {@code [minLoad, maxLoad]}. Real drives run
 * at any speed, so a model trained on a few nominal speeds alone fails between them.
 *
 * @param minHz lowest input shaft speed, positive
 * @param maxHz highest input shaft speed, at least {@code minHz}
 * @param minLoad lowest load as a fraction of rated load, 0 or more
 * @param maxLoad highest load, at least {@code minLoad}
 */
public record OperatingRange(double minHz, double maxHz, double minLoad, double maxLoad) {

    /** The range the drivetrain model supports: 15-45 Hz, loads 0-1. */
    public static final OperatingRange SUPPORTED = new OperatingRange(15, 45, 0, 1);

    /** Validates the bounds. */
    public OperatingRange {
        if (!(minHz > 0) || !(maxHz >= minHz) || Double.isInfinite(maxHz)) {
            throw new IllegalArgumentException(
                    "need 0 < minHz <= maxHz < inf, got " + minHz + " and " + maxHz);
        }
        if (!(minLoad >= 0) || !(maxLoad >= minLoad) || Double.isInfinite(maxLoad)) {
            throw new IllegalArgumentException(
                    "need 0 <= minLoad <= maxLoad < inf, got " + minLoad + " and " + maxLoad);
        }
    }

    /** A speed drawn uniformly from the range. */
    double drawHz(SplittableRandom random) {
        return minHz + random.nextDouble() * (maxHz - minHz);
    }

    /** A load drawn uniformly from the range. */
    double drawLoad(SplittableRandom random) {
        return minLoad + random.nextDouble() * (maxLoad - minLoad);
    }

    @Override
    public String toString() {
        return minHz + "-" + maxHz + " Hz, load " + minLoad + "-" + maxLoad;
    }
}
