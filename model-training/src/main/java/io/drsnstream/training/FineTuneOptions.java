package io.drsnstream.training;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Fine-tuning: start from a trained artifact, freeze its early units, mix simulated windows into
 * a plant's own data, train on some of the labels only.
 */
final class FineTuneOptions {

    @Option(
            names = "--init",
            paramLabel = "DIR",
            description =
                    "Start from this model artifact's parameters (fine-tuning); its architecture, "
                            + "window length and sample rate are kept, --arch may be left out.")
    Path init;

    @Option(
            names = "--freeze-units",
            paramLabel = "K",
            defaultValue = "0",
            description =
                    "With --init: keep the stem and the first K residual units as they are "
                            + "(default: ${DEFAULT-VALUE}).")
    int freezeUnits;

    @Option(
            names = "--sim-ratio",
            paramLabel = "R",
            defaultValue = "0",
            description =
                    "With --data: add R simulated windows per window of the file (of all "
                            + "--labels, from the simulator options), so that the model keeps what "
                            + "it knows of the states the file lacks (default: ${DEFAULT-VALUE}).")
    double simRatio;

    @Option(
            names = "--labels",
            paramLabel = "L,..",
            split = ",",
            description =
                    "Train on windows of these labels only (data and simulated mix); the model "
                            + "keeps all its outputs (default: every label).")
    List<String> labels;

    private ModelMetadata parent;

    void validate(CommandLine cmd, boolean hasDataFile) {
        if (freezeUnits < 0) {
            throw new ParameterException(cmd, "--freeze-units must be >= 0, got " + freezeUnits);
        }
        if (freezeUnits > 0 && init == null) {
            throw new ParameterException(cmd, "--freeze-units needs --init");
        }
        if (!(simRatio >= 0) || Double.isInfinite(simRatio)) {
            throw new ParameterException(cmd, "--sim-ratio must be >= 0, got " + simRatio);
        }
        if (simRatio > 0 && !hasDataFile) {
            throw new ParameterException(cmd, "--sim-ratio needs --data (a file to mix into)");
        }
        if (labels != null) {
            List<String> known = DataSets.labels();
            List<String> normal = new ArrayList<>();
            for (String l : labels) {
                String match =
                        known.stream()
                                .filter(k -> k.equalsIgnoreCase(l.strip()))
                                .findFirst()
                                .orElseThrow(
                                        () ->
                                                new ParameterException(
                                                        cmd,
                                                        "--labels: unknown label '"
                                                                + l.strip()
                                                                + "' (known: "
                                                                + String.join(",", known)
                                                                + ")"));
                if (!normal.contains(match)) {
                    normal.add(match);
                }
            }
            labels = normal;
        }
    }

    /** The parent artifact's metadata, or null without --init. */
    ModelMetadata parent() throws ModelArtifactException {
        if (init != null && parent == null) {
            parent = ModelArtifact.verify(init);
            if (!parent.labels().equals(DataSets.labels())) {
                throw new CliFailure(
                        init
                                + ": its labels "
                                + parent.labels()
                                + " are not the health states "
                                + DataSets.labels());
            }
            int units = parent.network().stageWidths().size() * parent.network().unitsPerStage();
            if (freezeUnits > units) {
                throw new CliFailure(
                        "--freeze-units " + freezeUnits + ": " + init + " has " + units + " units");
            }
        }
        return parent;
    }

    /** Rejects data the parent cannot take: another window length or sample rate. */
    void checkFitsParent(Dataset data) throws ModelArtifactException {
        ModelMetadata p = parent();
        if (p == null) {
            return;
        }
        if (data.spec().windowLength() != p.windowLength()
                || Math.abs(data.spec().sampleRateHz() - p.sampleRateHz()) > 1e-6) {
            throw new CliFailure(
                    String.format(
                            Locale.ROOT,
                            "the data have windows of %d samples at %.0f Hz, %s takes %d at %.0f Hz "
                                    + "(import with --model %s)",
                            data.spec().windowLength(),
                            data.spec().sampleRateHz(),
                            init,
                            p.windowLength(),
                            p.sampleRateHz(),
                            init));
        }
    }

    /** The simulated windows to mix in: R per data window, at the data's length and rate. */
    Dataset simulated(CommandLine cmd, SimOptions sim, Dataset data, long seed, PrintWriter err) {
        if (simRatio == 0) {
            return null;
        }
        DatasetSpec base = sim.spec(cmd, seed);
        List<HealthState> states = new ArrayList<>();
        for (HealthState s : base.states()) {
            if (labels == null || labels.contains(s.name())) {
                states.add(s);
            }
        }
        if (states.isEmpty()) {
            throw new CliFailure("--sim-ratio: the simulator options give none of --labels");
        }
        int perCombination =
                base.windowCount() / (base.states().size() * base.windowsPerCombination());
        int wanted = (int) Math.round(simRatio * data.size());
        int wpc = Math.max(1, (int) Math.round((double) wanted / (states.size() * perCombination)));
        DatasetSpec spec =
                base.toBuilder()
                        .states(states)
                        .windowsPerCombination(wpc)
                        .windowLength(data.spec().windowLength())
                        .sampleRateHz(data.spec().sampleRateHz())
                        .build();
        return DataOptions.generate(spec, err);
    }

    /** The training windows: the data, the simulated mix, both restricted to --labels. */
    DataSets.Labelled windows(Dataset data, Dataset simulated) {
        List<float[]> w = new ArrayList<>();
        List<Integer> l = new ArrayList<>();
        for (Dataset d : simulated == null ? List.of(data) : List.of(data, simulated)) {
            for (int i = 0; i < d.size(); i++) {
                if (labels == null || labels.contains(d.state(i).name())) {
                    w.add(d.windows()[i]);
                    l.add(d.labels()[i]);
                }
            }
        }
        if (w.isEmpty()) {
            throw new CliFailure(
                    "no window of --labels " + String.join(",", labels) + " in the data");
        }
        return new DataSets.Labelled(
                w.toArray(new float[0][]), l.stream().mapToInt(Integer::intValue).toArray());
    }

    /** What model.json's training records of the parent, the mix and the labels. */
    Map<String, Object> describe(Dataset simulated, Path dataFile) throws ModelArtifactException {
        Map<String, Object> m = new LinkedHashMap<>();
        ModelMetadata p = parent();
        if (p != null) {
            Map<String, Object> parentMap = new LinkedHashMap<>();
            parentMap.put("version", p.version());
            parentMap.put("dir", init.toString());
            parentMap.put("parametersSha256", p.parametersSha256());
            parentMap.put("frozenUnits", freezeUnits);
            m.put("parent", parentMap);
        }
        if (simulated != null) {
            Map<String, Object> mix = DataSets.describe(simulated.spec());
            mix.put("ratio", simRatio);
            m.put("simulatedMix", mix);
        }
        if (labels != null) {
            m.put("labels", labels);
        }
        if (dataFile != null) {
            Path sources = ImportCommand.sourcesOf(dataFile);
            if (Files.isRegularFile(sources)) {
                try {
                    Map<String, Object> recorded = new LinkedHashMap<>();
                    recorded.put("sources", sources.toString());
                    recorded.put(
                            "recordings",
                            new com.google.gson.Gson()
                                    .fromJson(Files.readString(sources), Map.class)
                                    .get("recordings"));
                    m.put("recorded", recorded);
                } catch (IOException | RuntimeException e) {
                    m.put("recorded", "unreadable: " + sources);
                }
            }
        }
        return m;
    }
}
