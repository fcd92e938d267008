package io.drsnstream.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.NetworkSpec;
import io.drsnstream.drsn.training.DrsnTrainer;
import io.drsnstream.drsn.training.EpochResult;
import io.drsnstream.drsn.training.TrainingCheckpoint;
import io.drsnstream.drsn.training.TrainingConfig;
import io.drsnstream.drsn.training.TrainingOutcome;
import io.drsnstream.sim.Dataset;
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
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code drsn-train train}: trains one network and writes its artifact. */
@Command(
        name = "train",
        sortOptions = false,
        description = {
            "Trains a network on simulated vibration windows and writes the model artifact "
                    + "(model.params + model.json) to --out.",
            "Default recipe = the paper's: SGD momentum 0.9, L2 1e-4, batch 128, lr 0.1/0.01/0.001 "
                    + "at 40 %%/80 %% of the epochs, He initialisation. Ctrl-C stops after the current "
                    + "batch and still writes the artifact, marked as stopped."
        })
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ThreadOptions threadOptions = new ThreadOptions();

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--arch",
            converter = ArchitectureConverter.class,
            paramLabel = "ARCH",
            description = "drsn-cw, drsn-cs, resnet or convnet (with --init: the parent's).")
    Architecture arch;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Directory of the artifact.")
    Path out;

    @CommandLine.Mixin DataOptions data = new DataOptions();

    @CommandLine.Mixin FineTuneOptions fineTune = new FineTuneOptions();

    @Option(
            names = "--epochs",
            defaultValue = "100",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(
            names = "--lr",
            defaultValue = "0.1",
            description =
                    "Initial learning rate; x0.1 at 40 %% and 80 %% of the epochs (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(
            names = "--batch",
            defaultValue = "128",
            description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @CommandLine.Mixin NoiseOptions noise = new NoiseOptions();

    @Option(
            names = "--seed",
            defaultValue = "42",
            description =
                    "Seed of shuffling, initialisation, noise, the split and (unless --data-seed) the data (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(
            names = "--version",
            paramLabel = "V",
            description = "Version string of the model (default: <arch>-e<epochs>-s<seed>).")
    String version;

    @Option(
            names = "--holdout",
            defaultValue = "0.1",
            description =
                    "Share of each class held out for the evaluation figures in model.json (default: ${DEFAULT-VALUE}).")
    double holdout;

    @Option(
            names = "--eval-snrs",
            defaultValue = "-5,0,5",
            paramLabel = "LIST",
            description =
                    "SNRs (dB) at which model.json records held-out accuracy per noise type (default: ${DEFAULT-VALUE}).")
    String evalSnrs;

    @CommandLine.Mixin NetworkOptions network = new NetworkOptions();

    @Option(names = "--gpu", description = "Train on GPU 0 (needs the PyTorch CUDA natives).")
    boolean gpu;

    @Option(names = "--no-progress", description = "No progress bar (one log line per epoch only).")
    boolean noProgress;

    @Option(
            names = "--checkpoint",
            paramLabel = "DIR",
            description =
                    "Where the state after each completed epoch is kept (default: <out>/checkpoint); "
                            + "deleted once the artifact is written.")
    Path checkpointDir;

    @Option(
            names = "--resume",
            description =
                    "Continue an interrupted run from its checkpoint (same command "
                            + "line; epochs already completed are not run again). Without a checkpoint the run starts afresh.")
    boolean resume;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        PrintWriter err = cmd.getErr();
        validate(cmd);
        TrainingCli.adviseOnOneDnn(err);
        threadOptions.apply(cmd);
        List<Double> snrs = parse(cmd, evalSnrs, "--eval-snrs");

        ModelMetadata parent = fineTune.parent();
        if (parent != null) {
            if (arch != null && arch != parent.network().architecture()) {
                throw new ParameterException(
                        cmd,
                        "--arch "
                                + ArchitectureConverter.cliName(arch)
                                + " contradicts --init "
                                + fineTune.init
                                + " ("
                                + ArchitectureConverter.cliName(parent.network().architecture())
                                + ")");
            }
            arch = parent.network().architecture();
        }
        Dataset dataset = data.load(cmd, seed, err);
        fineTune.checkFitsParent(dataset);
        Dataset simulated =
                fineTune.simulated(
                        cmd, data.sim, dataset, data.dataSeed != null ? data.dataSeed : seed, err);
        NetworkSpec net =
                parent != null
                        ? parent.network()
                        : network.spec(cmd, arch, dataset.spec().windowLength());
        DataSets.Split split = DataSets.split(fineTune.windows(dataset, simulated), holdout, seed);
        if (split.train().size() < 2) {
            throw new CliFailure(
                    "Only "
                            + split.train().size()
                            + " training windows after holding out "
                            + holdout
                            + "; use more data or a smaller --holdout");
        }
        TrainingConfig config =
                TrainingConfig.builder(net)
                        .optEpochs(epochs)
                        .optBatchSize(batch)
                        .optLearningRateSchedule(lr, 0.1f, 0.4, 0.8)
                        .optMomentum(0.9f)
                        .optWeightDecay(1e-4f)
                        .optSeed(seed)
                        .optNormalization(InputNormalization.PER_WINDOW_STANDARDIZE)
                        .optDevice(gpu ? Device.gpu(0) : Device.cpu())
                        .build();
        err.printf(
                Locale.ROOT,
                "training %s on %d windows (%d held out), %d epochs, noise %s%n",
                ArchitectureConverter.displayName(arch),
                split.train().size(),
                split.holdout().size(),
                epochs,
                noise.describe());
        err.flush();

        TrainingCheckpoint checkpoint =
                new TrainingCheckpoint(
                        checkpointDir != null ? checkpointDir : out.resolve("checkpoint"));
        if (resume && !checkpoint.exists()) {
            err.println("no checkpoint in " + checkpoint.dir() + ": starting afresh");
        }
        DrsnTrainer trainer =
                new DrsnTrainer(config)
                        .setAugmenter(noise.augmenter())
                        .setCheckpoint(checkpoint, resume);
        if (parent != null) {
            trainer.setInitialParameters(
                            fineTune.init.resolve(ModelArtifact.PARAMETERS_FILE),
                            parent.parametersSha256())
                    .setFrozenUnits(fineTune.freezeUnits);
            err.printf(
                    Locale.ROOT,
                    "fine-tuning %s from %s%s%n",
                    parent.version(),
                    fineTune.init,
                    fineTune.freezeUnits > 0
                            ? ", stem and first " + fineTune.freezeUnits + " units frozen"
                            : "");
        }
        TrainingOutcome outcome;
        long begin = System.nanoTime();
        try (StopOnSignal stop = new StopOnSignal(err)) {
            try (ConsoleProgress progress = new ConsoleProgress(err, "", showBar(), epochs)) {
                trainer.setListener(progress);
                stop.watch(trainer);
                try {
                    outcome = trainer.train(split.train().windows(), split.train().labels());
                } catch (IllegalStateException e) {
                    if (resume && e.getMessage() != null && e.getMessage().contains("checkpoint")) {
                        throw new CliFailure(e.getMessage(), e);
                    }
                    throw e;
                }
                stop.watch(null);
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            ModelArtifact artifact = null;
            try {
                Map<String, Object> evaluation;
                try (Scorer scorer = Evaluations.scorer(outcome.model(), config.normalization())) {
                    evaluation =
                            stop.requested()
                                    ? Evaluations.holdoutFigures(
                                            scorer, split.holdout(), List.of(), seed + 1L)
                                    : Evaluations.holdoutFigures(
                                            scorer, split.holdout(), snrs, seed + 1L);
                }
                ModelMetadata metadata =
                        ModelMetadata.builder()
                                .setVersion(
                                        version != null
                                                ? version
                                                : ArchitectureConverter.cliName(arch)
                                                        + "-e"
                                                        + epochs
                                                        + "-s"
                                                        + seed)
                                .setNetwork(net)
                                .setLabels(DataSets.labels())
                                .setHealthyLabel(HealthState.HEALTHY.name())
                                .setWindowLength(net.inputLength())
                                .setSampleRateHz(dataset.spec().sampleRateHz())
                                .setNormalization(config.normalization())
                                .setTraining(
                                        provenance(
                                                cmd, dataset, simulated, split, config, outcome,
                                                seconds))
                                .setEvaluation(evaluation)
                                .build();
                artifact = ModelArtifact.of(outcome.model(), metadata);
                ModelMetadata saved;
                try {
                    saved = artifact.save(out);
                } catch (IOException e) {
                    throw new CliFailure(
                            "Cannot write the artifact to " + out + ": " + e.getMessage(), e);
                }
                PrintWriter o = cmd.getOut();
                if (!outcome.stopped()) {
                    deleteCheckpoint(checkpoint);
                }
                o.printf(
                        Locale.ROOT,
                        "wrote %s: %s %s, %d epochs%s in %.0f s, held-out accuracy %s%n",
                        out,
                        saved.version(),
                        ArchitectureConverter.displayName(arch),
                        outcome.history().size(),
                        outcome.stopped() ? " (stopped early)" : "",
                        seconds,
                        evaluation.getOrDefault("accuracyClean", "n/a"));
                o.flush();
            } finally {
                if (artifact != null) {
                    artifact.close();
                } else {
                    outcome.close();
                }
            }
            return 0;
        }
    }

    private static void deleteCheckpoint(TrainingCheckpoint checkpoint) throws IOException {
        Files.deleteIfExists(checkpoint.dir().resolve(TrainingCheckpoint.PARAMS_FILE));
        Files.deleteIfExists(checkpoint.dir().resolve(TrainingCheckpoint.STATE_FILE));
        try {
            Files.deleteIfExists(checkpoint.dir());
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // Something else lives there; leave it.
        }
    }

    private boolean showBar() {
        return !noProgress && System.console() != null;
    }

    private void validate(CommandLine cmd) {
        if (epochs < 1) {
            throw new ParameterException(cmd, "--epochs must be positive, got " + epochs);
        }
        if (batch < 2) {
            throw new ParameterException(cmd, "--batch must be at least 2, got " + batch);
        }
        if (!(lr > 0) || Float.isInfinite(lr)) {
            throw new ParameterException(cmd, "--lr must be positive, got " + lr);
        }
        if (!(holdout >= 0 && holdout < 1)) {
            throw new ParameterException(cmd, "--holdout must be in [0, 1), got " + holdout);
        }
        if (version != null && version.isBlank()) {
            throw new ParameterException(cmd, "--version must not be blank");
        }
        noise.validate(cmd);
        data.validate(cmd);
        fineTune.validate(cmd, data.file != null);
        if (arch == null && fineTune.init == null) {
            throw new ParameterException(cmd, "Missing required option: '--arch=ARCH' (or --init)");
        }
    }

    static List<Double> parse(CommandLine cmd, String csv, String option) {
        try {
            return DataSets.doubles(csv, option);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd, e.getMessage());
        }
    }

    private Map<String, Object> provenance(
            CommandLine cmd,
            Dataset dataset,
            Dataset simulated,
            DataSets.Split split,
            TrainingConfig config,
            TrainingOutcome outcome,
            double seconds) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("commandLine", commandLine(cmd));
        Map<String, Object> d = DataSets.describe(dataset.spec());
        d.put("source", data.file == null ? "generated" : data.file.toString());
        if (data.file != null && Files.isRegularFile(ImportCommand.sourcesOf(data.file))) {
            // Recorded windows: the spec's states list names every window; counts say it.
            d.put("states", DataSets.countsByLabel(dataset.labels()));
        }
        d.put("trainWindows", split.train().size());
        d.put("holdoutWindows", split.holdout().size());
        d.put("holdoutShare", holdout);
        t.put("data", d);
        try {
            t.putAll(fineTune.describe(simulated, data.file));
        } catch (ModelArtifactException e) {
            throw new CliFailure(e.getMessage(), e);
        }
        t.put("seed", seed);
        t.put("recipe", recipe(config));
        t.put("augmentation", noise.describeMap());
        t.putAll(summary(outcome.history(), seconds));
        t.put("stopped", outcome.stopped());
        t.put(
                "parameters",
                outcome.stopped()
                        ? "as they were when the run was stopped (mid-epoch)"
                        : "after the last completed epoch (no early selection)");
        t.put("machine", machine(config.device()));
        return t;
    }

    static Map<String, Object> recipe(TrainingConfig config) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("optimizer", "SGD");
        r.put("momentum", f2d(config.momentum()));
        r.put("weightDecay", f2d(config.weightDecay()));
        r.put("batchSize", config.batchSize());
        r.put("learningRate", f2d(config.learningRate()));
        r.put("decayFactor", f2d(config.decayFactor()));
        r.put("decayAtFractionOfEpochs", config.decayFractions());
        r.put("epochs", config.epochs());
        r.put("initialisation", "He (DJL defaults of the drsn module)");
        r.put("loss", "softmax cross-entropy");
        r.put("normalization", config.normalization().name());
        return r;
    }

    /** Epochs run, per-epoch history and throughput figures. */
    static Map<String, Object> summary(List<EpochResult> history, double seconds) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epochsCompleted", history.stream().filter(e -> !e.stopped()).count());
        List<Map<String, Object>> epochs = new ArrayList<>();
        double samples = 0;
        double trainSeconds = 0;
        for (EpochResult e : history) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("epoch", e.epoch());
            m.put("loss", Evaluations.round(e.loss()));
            m.put("trainAccuracy", Evaluations.round(e.trainAccuracy()));
            m.put("learningRate", f2d(e.learningRate()));
            m.put("samplesPerSecond", Math.round(e.samplesPerSecond() * 10) / 10.0);
            if (e.stopped()) {
                m.put("stopped", true);
            }
            epochs.add(m);
            if (e.samplesPerSecond() > 0) {
                samples += e.samples();
                trainSeconds += e.samples() / e.samplesPerSecond();
            }
        }
        t.put("history", epochs);
        double rate = trainSeconds > 0 ? samples / trainSeconds : 0;
        t.put("samplesPerSecond", Math.round(rate * 10) / 10.0);
        long full = history.stream().filter(e -> !e.stopped()).count();
        t.put(
                "secondsPerEpoch",
                full == 0
                        ? 0.0
                        : Math.round(
                                        history.stream()
                                                        .filter(e -> !e.stopped())
                                                        .mapToDouble(
                                                                e ->
                                                                        e.samples()
                                                                                / Math.max(
                                                                                        e
                                                                                                .samplesPerSecond(),
                                                                                        1e-9))
                                                        .sum()
                                                / full
                                                * 100)
                                / 100.0);
        t.put(
                "secondsPerEpochOf25920Windows",
                rate > 0 ? Math.round(25_920 / rate * 100) / 100.0 : 0.0);
        t.put("trainingSeconds", Math.round(seconds * 10) / 10.0);
        return t;
    }

    /** A float as the double it reads as (0.1f -> 0.1, not 0.10000000149). */
    static double f2d(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    static Map<String, Object> machine(Device device) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device", device.toString());
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put(
                "pytorchThreads",
                System.getProperty("ai.djl.pytorch.num_threads", "default (one per core)"));
        m.put("osArch", System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version"));
        try {
            m.put(
                    "engine",
                    Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        } catch (RuntimeException e) {
            m.put("engine", "unknown");
        }
        return m;
    }

    /** The command line as typed (arguments with spaces quoted). */
    static String commandLine(CommandLine cmd) {
        StringBuilder sb = new StringBuilder("drsn-train");
        for (String arg : rootArgs(cmd)) {
            sb.append(' ')
                    .append(
                            arg.isEmpty() || arg.matches(".*[\\s'\"$].*")
                                    ? "'" + arg.replace("'", "'\\''") + "'"
                                    : arg);
        }
        return sb.toString();
    }

    private static List<String> rootArgs(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        CommandLine.ParseResult pr = root.getParseResult();
        return pr == null ? List.of() : pr.originalArgs();
    }

    static boolean exists(Path p) {
        return p != null && Files.exists(p);
    }
}
