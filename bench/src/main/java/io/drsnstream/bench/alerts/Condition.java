package io.drsnstream.bench.alerts;

import io.drsnstream.sim.NoiseType;
import java.util.Locale;

/**
 * The measurement noise on every sensor of one part of the measurement, from the first sample on
 * (as the demo adds it): a noise type at an SNR, or none.
 *
 * @param noise the added noise
 * @param snrDb its SNR in dB on each 2048-sample block's own power; NaN for {@link NoiseType#NONE}
 */
public record Condition(NoiseType noise, double snrDb) {

    /** No added noise. */
    public static final Condition CLEAN = new Condition(NoiseType.NONE, Double.NaN);

    public Condition {
        if (noise != NoiseType.NONE && !Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("an SNR is needed for " + noise);
        }
        if (noise == NoiseType.NONE) {
            snrDb = Double.NaN;
        }
    }

    /**
     * Reads {@code clean}, or {@code TYPE:SNR} with TYPE a {@link NoiseType} name in any case and
     * SNR in dB, e.g. {@code white_gaussian:5}.
     */
    public static Condition parse(String text) {
        String value = text.trim();
        if (value.equalsIgnoreCase("clean") || value.equalsIgnoreCase("none")) {
            return CLEAN;
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not 'clean' or TYPE:SNR (e.g. white_gaussian:5)");
        }
        NoiseType type =
                NoiseType.valueOf(value.substring(0, colon).trim().toUpperCase(Locale.ROOT));
        return new Condition(type, Double.parseDouble(value.substring(colon + 1).trim()));
    }

    /** Whether this is added noise at {@code snrDb} or more, or no noise at all. */
    public boolean atLeast(double minSnrDb) {
        return noise == NoiseType.NONE || snrDb >= minSnrDb;
    }

    /** E.g. {@code white_gaussian:5} or {@code clean}: what {@link #parse} reads. */
    @Override
    public String toString() {
        if (noise == NoiseType.NONE) {
            return "clean";
        }
        String snr =
                snrDb == Math.rint(snrDb) ? Long.toString((long) snrDb) : Double.toString(snrDb);
        return noise.name().toLowerCase(Locale.ROOT) + ":" + snr;
    }
}
