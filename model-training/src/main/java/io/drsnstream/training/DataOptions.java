package io.drsnstream.training;

import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where training data comes from: a data set file, or the simulator. */
final class DataOptions {

    @Option(
            names = "--data",
            paramLabel = "FILE",
            description =
                    "A data set file written by 'generate'; without it the data are simulated.")
    Path file;

    @CommandLine.Mixin SimOptions sim = new SimOptions();

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            description = "Seed of the simulated data (default: --seed).")
    Long dataSeed;

    void validate(CommandLine cmd) {
        sim.validate(cmd);
    }

    Dataset load(CommandLine cmd, long seed, PrintWriter err) {
        if (file != null) {
            try {
                Dataset d = DatasetFile.read(file);
                for (int label : d.labels()) {
                    if (label < 0 || label >= HealthState.count()) {
                        throw new CliFailure(
                                "Data set "
                                        + file
                                        + " has label "
                                        + label
                                        + " outside 0.."
                                        + (HealthState.count() - 1));
                    }
                }
                err.printf(
                        Locale.ROOT,
                        "read %d windows of %d samples from %s%n",
                        d.size(),
                        d.spec().windowLength(),
                        file);
                return d;
            } catch (NoSuchFileException e) {
                throw new CliFailure("Data set file does not exist: " + file);
            } catch (IOException e) {
                throw new CliFailure("Cannot read data set " + file + ": " + e.getMessage(), e);
            }
        }
        DatasetSpec spec = sim.spec(cmd, dataSeed != null ? dataSeed : seed);
        return generate(spec, err);
    }

    static Dataset generate(DatasetSpec spec, PrintWriter err) {
        long begin = System.nanoTime();
        Dataset d = new DatasetGenerator(spec).generate();
        err.printf(
                Locale.ROOT,
                "simulated %d windows of %d samples (seed %d) in %.1f s%n",
                d.size(),
                spec.windowLength(),
                spec.seed(),
                (System.nanoTime() - begin) / 1e9);
        err.flush();
        return d;
    }
}
