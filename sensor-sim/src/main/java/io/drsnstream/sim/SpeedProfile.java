package io.drsnstream.sim;

/**
 * Input shaft speed over time, with its exact integral so that every rotating component can be
 * evaluated at any sample from its angle alone (no accumulated phase, hence no drift and no
 * dependence on how a signal is cut into chunks).
 *
 * <p>Time {@code t} is in seconds since the start of a generation; before 0 the speed holds its
 * initial value (generators warm up over a few milliseconds of negative time).
 */
public interface SpeedProfile {

    /** Shaft frequency in Hz at time {@code t}. */
    double hzAt(double t);

    /** Shaft revolutions completed between time 0 and {@code t} (negative for {@code t < 0}). */
    double revolutionsAt(double t);

    /** A constant speed. */
    static SpeedProfile constant(double hz) {
        return new ConstantSpeed(hz);
    }

    /**
     * A linear ramp: {@code fromHz} until {@code startS}, rising (or falling) linearly to
     * {@code toHz} over {@code durationS}, then constant.
     */
    static SpeedProfile ramp(double fromHz, double toHz, double startS, double durationS) {
        return new LinearRamp(fromHz, toHz, startS, durationS);
    }

    /**
     * A constant shaft speed.
     *
     * @param hz the speed in Hz, positive
     */
    record ConstantSpeed(double hz) implements SpeedProfile {

        /** Validates that the speed is positive and finite. */
        public ConstantSpeed {
            requirePositive(hz, "hz");
        }

        @Override
        public double hzAt(double t) {
            return hz;
        }

        @Override
        public double revolutionsAt(double t) {
            return hz * t;
        }
    }

    /**
     * A linear speed ramp between two constant speeds.
     *
     * @param fromHz speed before the ramp
     * @param toHz speed after the ramp
     * @param startS start of the ramp in seconds
     * @param durationS length of the ramp in seconds, positive
     */
    record LinearRamp(double fromHz, double toHz, double startS, double durationS)
            implements SpeedProfile {

        /** Validates positive speeds, a non-negative start and a positive duration. */
        public LinearRamp {
            requirePositive(fromHz, "fromHz");
            requirePositive(toHz, "toHz");
            requirePositive(durationS, "durationS");
            if (!(startS >= 0) || Double.isInfinite(startS)) {
                throw new IllegalArgumentException("startS must be >= 0, was " + startS);
            }
        }

        @Override
        public double hzAt(double t) {
            if (t <= startS) {
                return fromHz;
            }
            if (t >= startS + durationS) {
                return toHz;
            }
            return fromHz + (toHz - fromHz) * (t - startS) / durationS;
        }

        @Override
        public double revolutionsAt(double t) {
            if (t <= startS) {
                return fromHz * t;
            }
            double end = startS + durationS;
            if (t < end) {
                double dt = t - startS;
                return fromHz * t + 0.5 * (toHz - fromHz) * dt * dt / durationS;
            }
            double atEnd = fromHz * startS + 0.5 * (fromHz + toHz) * durationS;
            return atEnd + toHz * (t - end);
        }
    }

    private static void requirePositive(double value, String name) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, was " + value);
        }
    }
}
