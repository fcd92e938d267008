package io.drsnstream.training;

import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.OperatingRange;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The shape of a simulated data set: all 8 health states on a grid of speeds x loads (the
 * paper's experiment) or over a continuous operating range, N windows each.
 */
final class SimOptions {

    /** How operating points are chosen. */
    enum Sampling {
        /** Every (speed, load) of --speeds x --loads, speeds within +-1 %. */
        GRID,
        /** Speed and load drawn uniformly per window from --speed-range and --load-range. */
        CONTINUOUS;

        static Sampling parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "unknown operating points '" + value + "', expected grid or continuous");
            }
        }
    }

    @Option(
            names = "--operating-points",
            paramLabel = "MODE",
            defaultValue = "grid",
            converter = SamplingConverter.class,
            description =
                    "grid: every speed x load of --speeds and --loads (the paper's experiment); continuous: "
                            + "speed and load drawn per window from --speed-range and --load-range (default: ${DEFAULT-VALUE}).")
    Sampling sampling;

    @Option(
            names = "--windows-per-combination",
            paramLabel = "N",
            defaultValue = "400",
            description =
                    "Windows per (state, speed, load) on the grid, per state over a continuous range; "
                            + "400 = the paper's 28,800 windows (default: ${DEFAULT-VALUE}).")
    int windowsPerCombination;

    @Option(
            names = "--speed-range",
            paramLabel = "MIN,MAX",
            defaultValue = "15,45",
            description =
                    "Shaft speeds in Hz of --operating-points continuous (default: ${DEFAULT-VALUE}).")
    String speedRange;

    @Option(
            names = "--load-range",
            paramLabel = "MIN,MAX",
            defaultValue = "0,1",
            description = "Loads of --operating-points continuous (default: ${DEFAULT-VALUE}).")
    String loadRange;

    @Option(
            names = "--severity",
            paramLabel = "MIN,MAX",
            defaultValue = "0.5,1",
            description =
                    "Fault severity range, 0 (none) to 1 (severe); 0.2 is incipient (default: ${DEFAULT-VALUE}).")
    String severity;

    @Option(
            names = "--healthy-weight",
            paramLabel = "K",
            defaultValue = "1",
            description =
                    "Healthy windows per fault class's windows: K > 1 gives healthy (and noisy healthy) "
                            + "windows a larger share than one in eight (default: ${DEFAULT-VALUE}).")
    int healthyWeight;

    @Option(
            names = "--window-length",
            paramLabel = "L",
            defaultValue = "2048",
            description = "Samples per window (default: ${DEFAULT-VALUE}).")
    int windowLength;

    @Option(
            names = "--speeds",
            paramLabel = "HZ,..",
            defaultValue = "20,30,40",
            description = "Nominal shaft speeds in Hz (default: ${DEFAULT-VALUE}).")
    String speeds;

    @Option(
            names = "--loads",
            paramLabel = "L,..",
            defaultValue = "0,0.5,1",
            description = "Loads as fractions of rated load (default: ${DEFAULT-VALUE}).")
    String loads;

    void validate(CommandLine cmd) {
        if (windowsPerCombination < 1) {
            throw new ParameterException(
                    cmd,
                    "--windows-per-combination must be positive, got " + windowsPerCombination);
        }
        if (windowLength < 16) {
            throw new ParameterException(
                    cmd, "--window-length must be at least 16, got " + windowLength);
        }
        if (healthyWeight < 1) {
            throw new ParameterException(
                    cmd, "--healthy-weight must be at least 1, got " + healthyWeight);
        }
        spec(cmd, 0);
    }

    /** The health states in generation order, HEALTHY repeated --healthy-weight times. */
    List<HealthState> states() {
        List<HealthState> states =
                new ArrayList<>(Collections.nCopies(healthyWeight, HealthState.HEALTHY));
        for (HealthState s : HealthState.values()) {
            if (s != HealthState.HEALTHY) {
                states.add(s);
            }
        }
        return states;
    }

    /** The data set spec, validated. */
    DatasetSpec spec(CommandLine cmd, long seed) {
        List<Double> s = TrainCommand.parse(cmd, speeds, "--speeds");
        List<Double> l = TrainCommand.parse(cmd, loads, "--loads");
        double[] sev = EvaluateCommand.pair(cmd, severity, "--severity");
        try {
            DatasetSpec.Builder b =
                    DatasetSpec.builder()
                            .states(states())
                            .speedsHz(s)
                            .loads(l)
                            .windowsPerCombination(windowsPerCombination)
                            .windowLength(windowLength)
                            .severity(sev[0], sev[1])
                            .seed(seed);
            if (sampling == Sampling.CONTINUOUS) {
                double[] hz = EvaluateCommand.pair(cmd, speedRange, "--speed-range");
                double[] load = EvaluateCommand.pair(cmd, loadRange, "--load-range");
                b.range(new OperatingRange(hz[0], hz[1], load[0], load[1]));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }
}

/** picocli converter of {@link SimOptions.Sampling}. */
final class SamplingConverter implements CommandLine.ITypeConverter<SimOptions.Sampling> {
    @Override
    public SimOptions.Sampling convert(String value) {
        return SimOptions.Sampling.parse(value);
    }
}
