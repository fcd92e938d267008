package io.drsnstream.training;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Training-noise options of {@code train}. */
final class NoiseOptions {

    @Option(
            names = "--noise",
            paramLabel = "TYPE",
            defaultValue = "none",
            converter = NoiseChoice.Converter.class,
            description =
                    "Noise added to training windows per batch: none, gaussian, laplacian, pink or mixed "
                            + "(a random type per window) (default: ${DEFAULT-VALUE}).")
    NoiseChoice noise;

    @Option(
            names = "--snr-min",
            paramLabel = "DB",
            defaultValue = "-5",
            description = "Lowest training SNR (default: ${DEFAULT-VALUE}).")
    double snrMin;

    @Option(
            names = "--snr-max",
            paramLabel = "DB",
            defaultValue = "5",
            description = "Highest training SNR (default: ${DEFAULT-VALUE}).")
    double snrMax;

    @Option(
            names = "--clean-share",
            paramLabel = "P",
            defaultValue = "0.25",
            description =
                    "Share of training windows left clean when --noise is set (default: ${DEFAULT-VALUE}).")
    double cleanShare;

    void validate(CommandLine cmd) {
        if (!Double.isFinite(snrMin) || !Double.isFinite(snrMax) || snrMin > snrMax) {
            throw new ParameterException(
                    cmd, "need --snr-min <= --snr-max, got " + snrMin + " and " + snrMax);
        }
        if (!(cleanShare >= 0 && cleanShare <= 1)) {
            throw new ParameterException(cmd, "--clean-share must be in [0, 1], got " + cleanShare);
        }
    }

    NoiseAugmenter augmenter() {
        return noise == NoiseChoice.NONE
                ? null
                : new NoiseAugmenter(noise, snrMin, snrMax, cleanShare);
    }

    String describe() {
        return noise == NoiseChoice.NONE
                ? "none"
                : String.format(
                        Locale.ROOT,
                        "%s at %s..%s dB, %.0f %% clean",
                        noise,
                        snrMin,
                        snrMax,
                        cleanShare * 100);
    }

    Map<String, Object> describeMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("noise", noise.cliName());
        if (noise != NoiseChoice.NONE) {
            m.put("snrMinDb", snrMin);
            m.put("snrMaxDb", snrMax);
            m.put("cleanShare", cleanShare);
            m.put(
                    "applied",
                    "per window per batch, SNR uniform in [min, max] on the window's own power");
        }
        return m;
    }
}
