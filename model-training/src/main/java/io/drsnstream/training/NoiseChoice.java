package io.drsnstream.training;

import io.drsnstream.sim.NoiseType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** The noise a command adds, as named on the command line. */
public enum NoiseChoice {
    /** No noise. */
    NONE("none", List.of()),
    /** White Gaussian noise. */
    GAUSSIAN("gaussian", List.of(NoiseType.WHITE_GAUSSIAN)),
    /** Laplacian noise. */
    LAPLACIAN("laplacian", List.of(NoiseType.LAPLACIAN)),
    /** Pink (1/f) noise. */
    PINK("pink", List.of(NoiseType.PINK)),
    /** A noise type drawn at random per window among Gaussian, Laplacian and pink. */
    MIXED("mixed", List.of(NoiseType.WHITE_GAUSSIAN, NoiseType.LAPLACIAN, NoiseType.PINK));

    private final String cliName;
    private final List<NoiseType> types;

    NoiseChoice(String cliName, List<NoiseType> types) {
        this.cliName = cliName;
        this.types = types;
    }

    /** @return the name used on the command line and in reports */
    public String cliName() {
        return cliName;
    }

    /** @return the simulator noise types this choice draws from (empty for none) */
    public List<NoiseType> types() {
        return types;
    }

    /** @return the single simulator type of a non-mixed choice */
    public NoiseType single() {
        if (this == MIXED) {
            throw new IllegalStateException("mixed has no single noise type");
        }
        return this == NONE ? NoiseType.NONE : types.get(0);
    }

    /** @return the choice for a simulator type */
    public static NoiseChoice of(NoiseType type) {
        return switch (type) {
            case NONE -> NONE;
            case WHITE_GAUSSIAN -> GAUSSIAN;
            case LAPLACIAN -> LAPLACIAN;
            case PINK -> PINK;
        };
    }

    /** Parses a command-line name (case-insensitive). */
    public static NoiseChoice parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (NoiseChoice c : values()) {
            if (c.cliName.equals(v)) {
                return c;
            }
        }
        if (v.equals("white") || v.equals("white_gaussian")) {
            return GAUSSIAN;
        }
        throw new CommandLine.TypeConversionException(
                "unknown noise '" + value + "', expected one of " + names());
    }

    /** @return the command-line names */
    public static String names() {
        return Arrays.stream(values()).map(NoiseChoice::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }

    /** picocli converter. */
    static final class Converter implements CommandLine.ITypeConverter<NoiseChoice> {
        @Override
        public NoiseChoice convert(String value) {
            return parse(value);
        }
    }
}
