package io.drsnstream.training;

import com.google.gson.GsonBuilder;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.RecordedWindows;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code drsn-train import}: labelled recordings into a data set file. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description = {
            "Imports labelled recordings (CSV, WAV, raw float32, NumPy .npy, MATLAB .mat) named in a JSON "
                    + "manifest into a data set file that 'train --data' reads.",
            "Every sensor is resampled to the model's rate when its own differs (Fourier "
                    + "resampling, ideal low-pass at the lower Nyquist frequency) and cut into "
                    + "windows as the job cuts them; windows across a label boundary are dropped. "
                    + "Where each window comes from is written to FILE.sources.json."
        })
final class ImportCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--manifest",
            required = true,
            paramLabel = "FILE",
            description = "The JSON manifest naming the recordings (see model-training/README.md).")
    Path manifest;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The data set file to write.")
    Path out;

    @Option(
            names = "--recordings",
            paramLabel = "DIR",
            description =
                    "The folder the manifest's file names are relative to (default: the manifest's "
                            + "own folder), e.g. ../shared/data/cwru for datasets/cwru/*.json.")
    Path recordings;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Take the window length, sample rate and labels from this model artifact "
                            + "(the one to fine-tune); otherwise --window-length and --sample-rate.")
    Path model;

    @Option(
            names = "--window-length",
            paramLabel = "N",
            defaultValue = "2048",
            description = "Samples per window without --model (default: ${DEFAULT-VALUE}).")
    int windowLength;

    @Option(
            names = "--sample-rate",
            paramLabel = "HZ",
            defaultValue = "12800",
            description = "The model's sample rate without --model (default: ${DEFAULT-VALUE}).")
    double sampleRateHz;

    @Option(
            names = "--hop",
            paramLabel = "N",
            description =
                    "Samples between window starts (default: the window length, as the job's "
                            + "window.hop).")
    Integer hop;

    @Override
    public Integer call() throws IOException, ModelArtifactException {
        CommandLine cmd = spec.commandLine();
        Set<String> labels = new LinkedHashSet<>(DataSets.labels());
        if (model != null) {
            ModelMetadata meta = ModelArtifact.verify(model);
            windowLength = meta.windowLength();
            sampleRateHz = meta.sampleRateHz();
            if (!labels.containsAll(meta.labels())) {
                throw new CliFailure(
                        model
                                + ": labels "
                                + meta.labels()
                                + " are not the health states "
                                + labels);
            }
        }
        if (windowLength < 16) {
            throw new ParameterException(cmd, "--window-length must be at least 16");
        }
        if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
            throw new ParameterException(cmd, "--sample-rate must be positive");
        }
        int h = hop != null ? hop : windowLength;
        if (h < 1) {
            throw new ParameterException(cmd, "--hop must be positive, got " + h);
        }
        Dataset data;
        RecordingImport importer;
        try {
            importer =
                    new RecordingImport(
                            RecordingManifest.read(manifest, labels, recordings),
                            sampleRateHz,
                            windowLength,
                            h);
            data = importer.run(cmd.getErr());
        } catch (RecordingException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        DatasetFile.write(data, out);
        Map<String, Object> provenance = importer.provenance();
        Files.writeString(
                sourcesOf(out),
                new GsonBuilder()
                        .setPrettyPrinting()
                        .serializeSpecialFloatingPointValues()
                        .create()
                        .toJson(provenance),
                StandardCharsets.UTF_8);
        int[] counts = DataSets.classCounts(data.labels(), labels.size());
        StringBuilder perLabel = new StringBuilder();
        int i = 0;
        for (String label : labels) {
            if (counts[i] > 0) {
                perLabel.append(perLabel.isEmpty() ? "" : ", ")
                        .append(label)
                        .append(' ')
                        .append(counts[i]);
            }
            i++;
        }
        cmd.getOut()
                .printf(
                        Locale.ROOT,
                        "wrote %s: %d windows of %d samples at %.0f Hz (%s)%n",
                        out,
                        data.size(),
                        windowLength,
                        sampleRateHz,
                        perLabel);
        cmd.getOut().flush();
        return 0;
    }

    /** The provenance file of data set {@code file}. */
    static Path sourcesOf(Path file) {
        return RecordedWindows.sourcesFile(file);
    }
}
