package io.drsnstream.training;

import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.NetworkSpec;
import io.drsnstream.sim.HealthState;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The network's size; defaults are the paper's (input = the data's window length). */
final class NetworkOptions {

    @Option(
            names = "--widths",
            paramLabel = "C,..",
            defaultValue = "4,8,16",
            description = "Channels of each stage (default: ${DEFAULT-VALUE}, the paper's).")
    String widths;

    @Option(
            names = "--units-per-stage",
            paramLabel = "N",
            defaultValue = "4",
            description = "Residual units per stage (default: ${DEFAULT-VALUE}, the paper's).")
    int unitsPerStage;

    NetworkSpec spec(CommandLine cmd, Architecture arch, int inputLength) {
        List<Integer> w = new ArrayList<>();
        for (double d : TrainCommand.parse(cmd, widths, "--widths")) {
            if (d != Math.rint(d)) {
                throw new ParameterException(cmd, "--widths must be integers: " + widths);
            }
            w.add((int) d);
        }
        try {
            return new NetworkSpec(arch, inputLength, w, unitsPerStage, HealthState.count());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }
}
