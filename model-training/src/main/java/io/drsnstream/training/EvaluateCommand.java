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
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description = {
            "Simulates held-out windows (a seed distinct from the training data's), or reads recorded "
                    + "ones (--data), optionally adds noise, "
                    + "scores them through the artifact's Scorer and prints accuracy, per-class recall and the "
                    + "confusion matrix.",
            "With --json, stdout holds exactly one JSON object."
        })
final class EvaluateCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ThreadOptions threadOptions = new ThreadOptions();

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "The model artifact directory.")
    Path model;

    @Option(
            names = "--data",
            paramLabel = "FILE",
            description =
                    "Score the windows of this data set file (recorded windows from 'import', or "
                            + "'generate') instead of simulated ones; --noise/--snr/--seed add noise to "
                            + "them, --sweep and --baseline work as on simulated windows.")
    Path dataFile;

    @Option(
            names = "--noise",
            paramLabel = "TYPE",
            defaultValue = "none",
            converter = NoiseChoice.Converter.class,
            description =
                    "Noise added to every window: none, gaussian, laplacian, pink or mixed "
                            + "(the three types in turn) (default: ${DEFAULT-VALUE}).")
    NoiseChoice noise;

    @Option(
            names = "--snr",
            paramLabel = "DB",
            defaultValue = "0",
            description = "SNR of the added noise in dB (default: ${DEFAULT-VALUE}).")
    double snr;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description =
                    "Seed of the simulated windows and the noise (default: the training data's seed + 1).")
    Long seed;

    @Option(
            names = "--per-class",
            paramLabel = "N",
            defaultValue = "200",
            description =
                    "Windows per health state, spread evenly over the speeds and loads (rounded up to a multiple of their combinations) (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(
            names = "--speeds",
            paramLabel = "HZ,..",
            defaultValue = "20,30,40",
            description = "Shaft speeds in Hz (default: ${DEFAULT-VALUE}).")
    String speeds;

    @Option(
            names = "--loads",
            paramLabel = "L,..",
            defaultValue = "0,0.5,1",
            description = "Loads (default: ${DEFAULT-VALUE}).")
    String loads;

    @Option(
            names = "--operating-points",
            paramLabel = "SET",
            converter = OperatingPoints.Converter.class,
            description =
                    "grid (20/30/40 Hz x loads 0/0.5/1), off-grid (17.5/25/35/42.5 Hz x loads 0.25/0.75) or "
                            + "random (speed uniform in 15-45 Hz, load in 0-1, per window); replaces --speeds and --loads.")
    OperatingPoints operatingPoints;

    @Option(
            names = "--severity",
            paramLabel = "MIN,MAX",
            defaultValue = "0.5,1",
            description =
                    "Fault severity range of the simulated faults (default: ${DEFAULT-VALUE}).")
    String severity;

    @Option(
            names = "--sweep",
            description =
                    "Score clean windows and each noise type (gaussian, laplacian, pink) at "
                            + "every --snrs level, and report accuracy, macro-F1, false alarms, detection, ROC AUC and the noise "
                            + "indicators' rank correlation with the SNR.")
    boolean sweep;

    @Option(
            names = "--snrs",
            paramLabel = "LIST",
            defaultValue = "-5,-4,-3,-2,-1,0,1,2,3,4,5",
            description = "SNR levels (dB) of --sweep (default: ${DEFAULT-VALUE}).")
    String snrs;

    @Option(
            names = "--threshold",
            paramLabel = "T",
            description =
                    "anomalyScore at or above which a window is an alarm (default: the model's calibrated "
                            + "threshold, else 0.5).")
    Double threshold;

    @Option(
            names = "--baseline",
            paramLabel = "DIR",
            description =
                    "With --sweep: a second model (e.g. the ResNet) scored on the same windows and noise, "
                            + "reported beside the first.")
    Path baseline;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "With --sweep: write report.md and PNG plots to DIR.")
    Path report;

    @Option(
            names = "--store",
            description =
                    "With --sweep: also store the figures in the model's model.json "
                            + "(evaluation.operator.<operating points>).")
    boolean store;

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

        ModelArtifact artifact = load(model);
        try (artifact) {
            ModelMetadata meta = artifact.getMetadata();
            Long trainingSeed = trainingDataSeed(meta);
            long evalSeed = seed != null ? seed : (trainingSeed != null ? trainingSeed + 1 : 43);
            if (trainingSeed != null && evalSeed == trainingSeed) {
                err.println(
                        "drsn-train evaluate: warning: --seed "
                                + evalSeed
                                + " is the training data's seed; these windows are not held out");
            }
            if (meta.labels().size() != io.drsnstream.sim.HealthState.count()) {
                throw new CliFailure(
                        "The model has "
                                + meta.labels().size()
                                + " classes; the simulator makes "
                                + io.drsnstream.sim.HealthState.count());
            }
            DatasetSpec ds = null;
            Dataset data;
            if (dataFile != null) {
                data = RecordedData.read(dataFile, meta);
            } else {
                try {
                    double[] sev = pair(cmd, severity, "--severity");
                    DatasetSpec.Builder b;
                    if (operatingPoints != null) {
                        b = operatingPoints.spec(perClass);
                    } else {
                        int combos = speedList.size() * loadList.size();
                        b =
                                DatasetSpec.builder()
                                        .speedsHz(speedList)
                                        .loads(loadList)
                                        .windowsPerCombination((perClass + combos - 1) / combos);
                    }
                    ds =
                            b.windowLength(meta.windowLength())
                                    .sampleRateHz(meta.sampleRateHz())
                                    .severity(sev[0], sev[1])
                                    .seed(evalSeed)
                                    .build();
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(cmd, e.getMessage());
                }
                data = new DatasetGenerator(ds).generate();
            }
            double cutoff = threshold != null ? threshold : meta.anomalyThreshold().orElse(0.5);
            String cutoffSource =
                    threshold != null
                            ? "--threshold"
                            : meta.anomalyThreshold().isPresent()
                                    ? "the model's calibrated threshold"
                                    : "default 0.5";
            if (sweep) {
                return sweep(cmd, artifact, data, ds, evalSeed, cutoff, cutoffSource);
            }
            float[][] windows = noisy(data.windows(), evalSeed);
            long begin = System.nanoTime();
            Evaluation ev;
            OperatorMetrics operator;
            try (Scorer scorer = artifact.newScorer(256)) {
                List<io.drsnstream.drsn.model.ScoreResult> scored = scorer.score(windows);
                ev = Evaluation.of(scored, data.labels(), meta.labels().size());
                operator =
                        OperatorMetrics.of(
                                scored,
                                data.labels(),
                                meta.labels().size(),
                                meta.healthyIndex(),
                                cutoff);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            Map<String, Object> result = result(meta, ds, evalSeed, ev, seconds);
            result.put("threshold", cutoff);
            result.put("thresholdSource", cutoffSource);
            result.putAll(operator.toMap());
            PrintWriter out = cmd.getOut();
            if (json) {
                out.println(
                        new GsonBuilder()
                                .disableHtmlEscaping()
                                .serializeSpecialFloatingPointValues()
                                .create()
                                .toJson(result));
            } else {
                printText(out, meta, ds, evalSeed, ev, seconds);
                out.printf(
                        Locale.ROOT,
                        "%nat threshold %.4f (%s): false alarms %s of healthy windows, detection %s "
                                + "of faulty windows, ROC AUC %.4f, macro-F1 %.4f%n",
                        cutoff,
                        cutoffSource,
                        QualityReport.pct(operator.falseAlarmRate()),
                        QualityReport.pct(operator.detectionRate()),
                        operator.rocAuc(),
                        operator.macroF1());
            }
            out.flush();
        }
        return 0;
    }

    private static ModelArtifact load(Path dir) {
        try {
            return ModelArtifact.load(dir, Device.cpu());
        } catch (ModelArtifactException e) {
            throw new CliFailure("Cannot load model: " + e.getMessage(), e);
        }
    }

    static double[] pair(CommandLine cmd, String csv, String option) {
        List<Double> v = TrainCommand.parse(cmd, csv, option);
        if (v.size() != 2) {
            throw new ParameterException(cmd, option + " needs MIN,MAX, got '" + csv + "'");
        }
        return new double[] {v.get(0), v.get(1)};
    }

    private int sweep(
            CommandLine cmd,
            ModelArtifact artifact,
            Dataset data,
            DatasetSpec ds,
            long evalSeed,
            double cutoff,
            String cutoffSource) {
        PrintWriter err = cmd.getErr();
        List<Double> levels = TrainCommand.parse(cmd, snrs, "--snrs");
        java.util.function.Consumer<String> progress =
                json
                        ? null
                        : c -> {
                            err.print("\rscoring " + c + "          ");
                            err.flush();
                        };
        long begin = System.nanoTime();
        QualitySweep.Result main =
                QualitySweep.run(
                        model.toString(),
                        artifact,
                        data,
                        levels,
                        evalSeed,
                        cutoff,
                        cutoffSource,
                        progress);
        QualitySweep.Result base = null;
        if (baseline != null) {
            try (ModelArtifact other = load(baseline)) {
                double baseCutoff =
                        threshold != null
                                ? threshold
                                : other.getMetadata().anomalyThreshold().orElse(0.5);
                base =
                        QualitySweep.run(
                                baseline.toString(),
                                other,
                                data,
                                levels,
                                evalSeed,
                                baseCutoff,
                                threshold != null
                                        ? "--threshold"
                                        : other.getMetadata().anomalyThreshold().isPresent()
                                                ? "the model's calibrated threshold"
                                                : "default 0.5",
                                progress);
            }
        }
        if (progress != null) {
            err.println();
        }
        String setup =
                ds == null
                        ? String.format(
                                Locale.ROOT,
                                "%d recorded windows of %s (%s); noise added per window at each SNR on "
                                        + "the window's own power (noise seed %d); scored in %.0f s.",
                                data.size(),
                                dataFile.getFileName(),
                                DataSets.describeCounts(data),
                                evalSeed,
                                (System.nanoTime() - begin) / 1e9)
                        : String.format(
                                Locale.ROOT,
                                "%d simulated windows per condition (seed %d, never used in "
                                        + "training or calibration), operating points %s, fault severity %s-%s; noise added per "
                                        + "window at each SNR on the window's own power (noise seed %d); scored in %.0f s.",
                                data.size(),
                                ds.seed(),
                                operatingPoints != null
                                        ? operatingPoints.describe()
                                        : "speeds " + ds.speedsHz() + " Hz x loads " + ds.loads(),
                                ds.minSeverity(),
                                ds.maxSeverity(),
                                evalSeed,
                                (System.nanoTime() - begin) / 1e9);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("setup", setup);
        result.put("operatingPoints", storeKey());
        result.put("model", QualitySweep.toMap(main));
        if (base != null) {
            result.put("baseline", QualitySweep.toMap(base));
        }
        if (report != null) {
            try {
                QualityReport.write(report, main, base, setup);
            } catch (java.io.IOException e) {
                throw new CliFailure(
                        "Cannot write the report to " + report + ": " + e.getMessage(), e);
            }
        }
        if (store) {
            storeInModel(main, setup);
        }
        PrintWriter out = cmd.getOut();
        if (json) {
            out.println(
                    new GsonBuilder()
                            .disableHtmlEscaping()
                            .serializeSpecialFloatingPointValues()
                            .create()
                            .toJson(result));
        } else {
            out.print(QualityReport.markdown(main, base, setup));
            if (report != null) {
                out.println("\nwrote " + report.resolve("report.md") + " and its plots");
            }
        }
        out.flush();
        return 0;
    }

    /** Adds the sweep's figures to model.json's evaluation under operator.<operating points>. */
    private void storeInModel(QualitySweep.Result main, String setup) {
        String key = storeKey();
        try (ModelArtifact artifact = load(model)) {
            ModelMetadata meta = artifact.getMetadata();
            Map<String, Object> evaluation = new LinkedHashMap<>(meta.evaluation());
            @SuppressWarnings("unchecked")
            Map<String, Object> operator =
                    evaluation.get("operator") instanceof Map<?, ?> m
                            ? new LinkedHashMap<>((Map<String, Object>) m)
                            : new LinkedHashMap<>();
            Map<String, Object> figures = QualitySweep.toMap(main);
            figures.put("setup", setup);
            figures.put("command", TrainCommand.commandLine(spec.commandLine()));
            operator.put(key, figures);
            evaluation.put("operator", operator);
            ModelArtifact.updateMetadata(model, meta.toBuilder().setEvaluation(evaluation).build());
        } catch (java.io.IOException e) {
            throw new CliFailure(
                    "Cannot update " + model.resolve("model.json") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where --store files a sweep in model.json's evaluation.operator: the operating points of
     * simulated windows, or "data:" and the data set file's name without its extension.
     */
    private String storeKey() {
        if (dataFile != null) {
            String name = dataFile.getFileName().toString();
            int dot = name.lastIndexOf('.');
            return "data:" + (dot > 0 ? name.substring(0, dot) : name);
        }
        return operatingPoints != null ? operatingPoints.cliName() : "custom";
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
        Object data = meta.training().get("data");
        if (data instanceof Map<?, ?> m && m.get("seed") instanceof Number n) {
            return n.longValue();
        }
        return null;
    }

    private Map<String, Object> result(
            ModelMetadata meta, DatasetSpec ds, long evalSeed, Evaluation ev, double seconds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model.toString());
        r.put("version", meta.version());
        r.put("architecture", meta.network().architecture().name());
        r.put("noise", noise.cliName());
        if (noise != NoiseChoice.NONE) {
            r.put("snrDb", snr);
        }
        if (ds != null) {
            r.put("seed", ds.seed());
        } else {
            r.put("data", dataFile.toString());
            if (noise != NoiseChoice.NONE) {
                r.put("noiseSeed", evalSeed);
            }
        }
        r.put("windows", ev.total());
        r.put("correct", ev.correct());
        r.put("accuracy", ev.accuracy());
        r.put("meanShrinkage", ev.meanShrinkage());
        double[] recall = Evaluations.recall(ev.confusionMatrix());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int i = 0; i < recall.length; i++) {
            perClass.put(meta.labels().get(i), recall[i]);
        }
        r.put("recall", perClass);
        r.put("labels", meta.labels());
        r.put("confusionMatrix", ev.confusionMatrix());
        r.put("scoringSeconds", Math.round(seconds * 1000) / 1000.0);
        return r;
    }

    private void printText(
            PrintWriter out,
            ModelMetadata meta,
            DatasetSpec ds,
            long evalSeed,
            Evaluation ev,
            double seconds) {
        out.printf(
                Locale.ROOT,
                "model     %s (%s, %s)%n",
                model,
                meta.version(),
                meta.network().architecture());
        String noiseText =
                noise == NoiseChoice.NONE
                        ? "none"
                        : noise.cliName() + " at " + snr + " dB (seed " + evalSeed + ")";
        if (ds == null) {
            out.printf(
                    Locale.ROOT,
                    "data      %d recorded windows of %s, noise %s%n",
                    ev.total(),
                    dataFile,
                    noiseText);
        } else {
            out.printf(
                    Locale.ROOT,
                    "data      %d simulated windows, seed %d, speeds %s Hz, loads %s, noise %s%n",
                    ev.total(),
                    ds.seed(),
                    ds.speedsHz(),
                    ds.loads(),
                    noise == NoiseChoice.NONE ? "none" : noise.cliName() + " at " + snr + " dB");
        }
        out.printf(
                Locale.ROOT,
                "accuracy  %.4f (%d/%d)   mean shrinkage %.3f   scored in %.1f s%n%n",
                ev.accuracy(),
                ev.correct(),
                ev.total(),
                ev.meanShrinkage(),
                seconds);
        out.print(confusionTable(meta.labels(), ev.confusionMatrix()));
    }

    /** A readable confusion matrix with per-class recall: rows true class, columns predicted. */
    static String confusionTable(List<String> labels, int[][] confusion) {
        int width = 6;
        for (String l : labels) {
            width = Math.max(width, l.length());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-" + width + "s  %7s  | predicted%n",
                        "true \\ pred",
                        "recall"));
        sb.append(String.format(Locale.ROOT, "%-" + width + "s  %7s  |", "", ""));
        for (int j = 0; j < labels.size(); j++) {
            sb.append(String.format(Locale.ROOT, " %5s", abbreviate(labels.get(j))));
        }
        sb.append(System.lineSeparator());
        double[] recall = Evaluations.recall(confusion);
        for (int i = 0; i < labels.size(); i++) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-" + width + "s  %7s  |",
                            labels.get(i),
                            Double.isNaN(recall[i])
                                    ? "-"
                                    : String.format(Locale.ROOT, "%.3f", recall[i])));
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
