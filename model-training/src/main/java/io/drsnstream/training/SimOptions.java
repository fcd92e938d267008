package io.drsnstream.training;

import io.drsnstream.sim.DatasetSpec;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The shape of a simulated data set: all 8 health states x speeds x loads x N windows. */
final class SimOptions {

    @Option(names = "--windows-per-combination", paramLabel = "N", defaultValue = "400",
            description = "Windows per (state, speed, load); 400 = the paper's 28,800 windows (default: ${DEFAULT-VALUE}).")
    int windowsPerCombination;

    @Option(names = "--window-length", paramLabel = "L", defaultValue = "2048",
            description = "Samples per window (default: ${DEFAULT-VALUE}).")
    int windowLength;

    @Option(names = "--speeds", paramLabel = "HZ,..", defaultValue = "20,30,40",
            description = "Nominal shaft speeds in Hz (default: ${DEFAULT-VALUE}).")
    String speeds;

    @Option(names = "--loads", paramLabel = "L,..", defaultValue = "0,0.5,1",
            description = "Loads as fractions of rated load (default: ${DEFAULT-VALUE}).")
    String loads;

    void validate(CommandLine cmd) {
        if (windowsPerCombination < 1) {
            throw new ParameterException(cmd, "--windows-per-combination must be positive, got " + windowsPerCombination);
        }
        if (windowLength < 16) {
            throw new ParameterException(cmd, "--window-length must be at least 16, got " + windowLength);
        }
        spec(cmd, 0);
    }

    /** The data set spec, validated. */
    DatasetSpec spec(CommandLine cmd, long seed) {
        List<Double> s = TrainCommand.parse(cmd, speeds, "--speeds");
        List<Double> l = TrainCommand.parse(cmd, loads, "--loads");
        try {
            return DatasetSpec.builder()
                    .speedsHz(s)
                    .loads(l)
                    .windowsPerCombination(windowsPerCombination)
                    .windowLength(windowLength)
                    .seed(seed)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }
}
