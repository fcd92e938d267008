package io.drsnstream.training;

import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.DatasetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drsn-train generate}: writes a simulated data set file. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description =
                "Simulates clean vibration windows of all 8 health states and writes them to a data set file.")
final class GenerateCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The data set file to write.")
    Path out;

    @CommandLine.Mixin SimOptions sim = new SimOptions();

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Master seed of the simulation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        sim.validate(cmd);
        DatasetSpec ds = sim.spec(cmd, seed);
        Dataset data = DataOptions.generate(ds, cmd.getErr());
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            DatasetFile.write(data, out);
        } catch (IOException e) {
            throw new CliFailure("Cannot write " + out + ": " + e.getMessage(), e);
        }
        cmd.getOut()
                .printf(
                        Locale.ROOT,
                        "wrote %s: %d windows of %d samples at %.0f Hz (seed %d)%n",
                        out,
                        data.size(),
                        ds.windowLength(),
                        ds.sampleRateHz(),
                        seed);
        cmd.getOut().flush();
        return 0;
    }
}
