package io.drsnstream.training;

import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.OperatingRange;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Where evaluation windows are simulated: the paper's training grid, a fixed list of points
 * between its speeds and loads, or speeds and loads drawn continuously over the drivetrain's
 * supported range.
 */
enum OperatingPoints {
    /** 20/30/40 Hz x loads 0/0.5/1 (the grid 1.0.0 was trained on). */
    GRID("grid", List.of(20.0, 30.0, 40.0), List.of(0.0, 0.5, 1.0)),
    /** 17.5/25/35/42.5 Hz x loads 0.25/0.75: none of them on the paper's grid. */
    OFF_GRID("off-grid", List.of(17.5, 25.0, 35.0, 42.5), List.of(0.25, 0.75)),
    /** Speed uniform in 15-45 Hz and load uniform in 0-1, per window. */
    RANDOM("random", List.of(), List.of());

    private final String cliName;
    private final List<Double> speedsHz;
    private final List<Double> loads;

    OperatingPoints(String cliName, List<Double> speedsHz, List<Double> loads) {
        this.cliName = cliName;
        this.speedsHz = speedsHz;
        this.loads = loads;
    }

    String cliName() {
        return cliName;
    }

    /** A spec of about {@code perClass} windows per health state at these operating points. */
    DatasetSpec.Builder spec(int perClass) {
        DatasetSpec.Builder b = DatasetSpec.builder();
        if (this == RANDOM) {
            return b.range(OperatingRange.SUPPORTED).windowsPerCombination(perClass);
        }
        int combos = speedsHz.size() * loads.size();
        return b.speedsHz(speedsHz)
                .loads(loads)
                .windowsPerCombination((perClass + combos - 1) / combos);
    }

    String describe() {
        return this == RANDOM
                ? "random: speed uniform " + OperatingRange.SUPPORTED
                : cliName + ": speeds " + speedsHz + " Hz x loads " + loads;
    }

    static OperatingPoints parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (OperatingPoints p : values()) {
            if (p.cliName.equals(v)) {
                return p;
            }
        }
        throw new CommandLine.TypeConversionException(
                "unknown operating points '" + value + "', expected grid, off-grid or random");
    }

    /** picocli converter. */
    static final class Converter implements CommandLine.ITypeConverter<OperatingPoints> {
        @Override
        public OperatingPoints convert(String value) {
            return parse(value);
        }
    }
}
