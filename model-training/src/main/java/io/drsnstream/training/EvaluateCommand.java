package io.drsnstream.training;

import ai.djl.Device;
import com.google.gson.GsonBuilder;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.training.Evaluation;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.NoiseType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code drsn-train evaluate}: scores fresh simulated windows through a model artifact. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description = {
            "Simulates held-out windows (a seed distinct from the training data's), optionally adds noise, "
                    + "scores them through the artifact's Scorer and prints accuracy, per-class recall and the "
                    + "confusion matrix.",
            "With --json, stdout holds exactly one JSON object."})
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ThreadOptions threadOptions = new ThreadOptions();

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The model artifact directory.")
    Path model;

    @Option(names = "--noise", paramLabel = "TYPE", defaultValue = "none", converter = NoiseChoice.Converter.class,
            description = "Noise added to every window: none, gaussian, laplacian, pink or mixed "
                    + "(the three types in turn) (default: ${DEFAULT-VALUE}).")
    NoiseChoice noise;

    @Option(names = "--snr", paramLabel = "DB", defaultValue = "0", description = "SNR of the added noise in dB (default: ${DEFAULT-VALUE}).")
    double snr;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the simulated windows and the noise (default: the training data's seed + 1).")
    Long seed;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "200",
            description = "Windows per health state, spread evenly over the speeds and loads (rounded up to a multiple of their combinations) (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(names = "--speeds", paramLabel = "HZ,..", defaultValue = "20,30,40", description = "Shaft speeds in Hz (default: ${DEFAULT-VALUE}).")
    String speeds;

    @Option(names = "--loads", paramLabel = "L,..", defaultValue = "0,0.5,1", description = "Loads (default: ${DEFAULT-VALUE}).")
    String loads;

    @Option(names = "--json", description = "Print one JSON object instead of the tables.")
    boolean json;

    @Override
    public Integer call() {
        CommandLine cmd = spec.commandLine();
        if (perClass < 1) {
            throw new ParameterException(cmd, "--per-class must be positive, got " + perClass);
        }
        if (!Double.isFinite(snr)) {
            throw new ParameterException(cmd, "--snr must be finite, got " + snr);
        }
        threadOptions.apply(cmd);
        List<Double> speedList = TrainCommand.parse(cmd, speeds, "--speeds");
        List<Double> loadList = TrainCommand.parse(cmd, loads, "--loads");
        PrintWriter err = cmd.getErr();

        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.load(model, Device.cpu());
        } catch (ModelArtifactException e) {
            throw new CliFailure("Cannot load model: " + e.getMessage(), e);
        }
        try (artifact) {
            ModelMetadata meta = artifact.getMetadata();
            Long trainingSeed = trainingDataSeed(meta);
            long evalSeed = seed != null ? seed : (trainingSeed != null ? trainingSeed + 1 : 43);
            if (trainingSeed != null && evalSeed == trainingSeed) {
                err.println("drsn-train evaluate: warning: --seed " + evalSeed
                        + " is the training data's seed; these windows are not held out");
            }
            int combos = speedList.size() * loadList.size();
            DatasetSpec ds;
            try {
                ds = DatasetSpec.builder()
                        .speedsHz(speedList)
                        .loads(loadList)
                        .windowsPerCombination((perClass + combos - 1) / combos)
                        .windowLength(meta.getWindowLength())
                        .sampleRateHz(meta.getSampleRateHz())
                        .seed(evalSeed)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
            if (meta.getLabels().size() != io.drsnstream.sim.HealthState.count()) {
                throw new CliFailure("The model has " + meta.getLabels().size()
                        + " classes; the simulator makes " + io.drsnstream.sim.HealthState.count());
            }
            Dataset data = new DatasetGenerator(ds).generate();
            float[][] windows = noisy(data.windows(), evalSeed);
            long begin = System.nanoTime();
            Evaluation ev;
            try (Scorer scorer = artifact.newScorer(256)) {
                ev = Evaluation.of(scorer, windows, data.labels());
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            Map<String, Object> result = result(meta, ds, ev, seconds);
            PrintWriter out = cmd.getOut();
            if (json) {
                out.println(new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues()
                        .create().toJson(result));
            } else {
                printText(out, meta, ds, ev, seconds);
            }
            out.flush();
        }
        return 0;
    }

    private float[][] noisy(float[][] windows, long evalSeed) {
        if (noise == NoiseChoice.NONE) {
            return windows;
        }
        if (noise != NoiseChoice.MIXED) {
            return DataSets.noisy(windows, noise.single(), snr, evalSeed);
        }
        float[][] out = new float[windows.length][];
        List<NoiseType> types = noise.types();
        for (int t = 0; t < types.size(); t++) {
            float[][] all = DataSets.noisy(windows, types.get(t), snr, evalSeed);
            for (int i = t; i < windows.length; i += types.size()) {
                out[i] = all[i];
            }
        }
        return out;
    }

    static Long trainingDataSeed(ModelMetadata meta) {
        Object data = meta.getTraining().get("data");
        if (data instanceof Map<?, ?> m && m.get("seed") instanceof Number n) {
            return n.longValue();
        }
        return null;
    }

    private Map<String, Object> result(ModelMetadata meta, DatasetSpec ds, Evaluation ev, double seconds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model.toString());
        r.put("version", meta.getVersion());
        r.put("architecture", meta.getNetwork().architecture().name());
        r.put("noise", noise.cliName());
        if (noise != NoiseChoice.NONE) {
            r.put("snrDb", snr);
        }
        r.put("seed", ds.seed());
        r.put("windows", ev.total());
        r.put("correct", ev.correct());
        r.put("accuracy", ev.accuracy());
        r.put("meanShrinkage", ev.meanShrinkage());
        double[] recall = Evaluations.recall(ev.confusionMatrix());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int i = 0; i < recall.length; i++) {
            perClass.put(meta.getLabels().get(i), recall[i]);
        }
        r.put("recall", perClass);
        r.put("labels", meta.getLabels());
        r.put("confusionMatrix", ev.confusionMatrix());
        r.put("scoringSeconds", Math.round(seconds * 1000) / 1000.0);
        return r;
    }

    private void printText(PrintWriter out, ModelMetadata meta, DatasetSpec ds, Evaluation ev, double seconds) {
        out.printf(Locale.ROOT, "model     %s (%s, %s)%n", model, meta.getVersion(), meta.getNetwork().architecture());
        out.printf(Locale.ROOT, "data      %d simulated windows, seed %d, speeds %s Hz, loads %s, noise %s%n",
                ev.total(), ds.seed(), ds.speedsHz(), ds.loads(),
                noise == NoiseChoice.NONE ? "none" : noise.cliName() + " at " + snr + " dB");
        out.printf(Locale.ROOT, "accuracy  %.4f (%d/%d)   mean shrinkage %.3f   scored in %.1f s%n%n",
                ev.accuracy(), ev.correct(), ev.total(), ev.meanShrinkage(), seconds);
        out.print(confusionTable(meta.getLabels(), ev.confusionMatrix()));
    }

    /** A readable confusion matrix with per-class recall: rows true class, columns predicted. */
    static String confusionTable(List<String> labels, int[][] confusion) {
        int width = 6;
        for (String l : labels) {
            width = Math.max(width, l.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  | predicted%n", "true \\ pred", "recall"));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  |", "", ""));
        for (int j = 0; j < labels.size(); j++) {
            sb.append(String.format(Locale.ROOT, " %5s", abbreviate(labels.get(j))));
        }
        sb.append(System.lineSeparator());
        double[] recall = Evaluations.recall(confusion);
        for (int i = 0; i < labels.size(); i++) {
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  |", labels.get(i),
                    Double.isNaN(recall[i]) ? "-" : String.format(Locale.ROOT, "%.3f", recall[i])));
            for (int j = 0; j < labels.size(); j++) {
                sb.append(String.format(Locale.ROOT, " %5d", confusion[i][j]));
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** First letters of the words: SURFACE_PITTING -> SP, HEALTHY -> H. */
    static String abbreviate(String label) {
        StringBuilder sb = new StringBuilder();
        for (String part : label.split("[_\\s-]+")) {
            if (!part.isEmpty()) {
                sb.append(part.charAt(0));
            }
        }
        return sb.length() == 0 ? label : sb.toString().toUpperCase(Locale.ROOT);
    }
}
