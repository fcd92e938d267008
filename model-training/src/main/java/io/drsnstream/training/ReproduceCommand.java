package io.drsnstream.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.NetworkSpec;
import io.drsnstream.drsn.training.DrsnTrainer;
import io.drsnstream.drsn.training.Evaluation;
import io.drsnstream.drsn.training.TrainingConfig;
import io.drsnstream.drsn.training.TrainingOutcome;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.NoiseType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code drsn-train reproduce}: the paper's noise experiment on simulated data. */
@Command(
        name = "reproduce",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description = {
            "Reproduces the paper's experiment on simulated data: for each noise type, trains every architecture "
                    + "on the same windows with the same budget and seed, training windows noised at SNRs drawn "
                    + "uniformly from [--snr-min, --snr-max], then evaluates each on held-out windows (another seed) "
                    + "at every SNR from -5 to +5 dB.",
            "Writes runs/<noise>-<arch>.json after each run (an interrupted run keeps its numbers; a rerun with "
                    + "the same settings reuses them), report.md and PNG plots into --out.",
            "Full mode (default): the paper's recipe, 100 epochs on 25,920 training windows, 2,880 test windows. "
                    + "--quick: 30 epochs on 2,304 windows, 864 test windows (under 20 minutes on 2 CPU cores)."
        })
final class ReproduceCommand implements Callable<Integer> {

    static final int QUICK_EPOCHS = 30;
    static final int QUICK_WINDOWS_PER_COMBINATION = 32;
    static final int QUICK_PER_CLASS = 100;
    static final int FULL_EPOCHS = 100;
    static final int FULL_WINDOWS_PER_COMBINATION = 360;
    static final int FULL_PER_CLASS = 360;

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .disableHtmlEscaping()
                    .serializeSpecialFloatingPointValues()
                    .create();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ThreadOptions threadOptions = new ThreadOptions();

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Directory for runs/, report.md and plots.")
    Path out;

    @Option(
            names = "--quick",
            description = "Smaller data and fewer epochs (about 20 minutes on 2 cores).")
    boolean quick;

    @Option(
            names = "--noise",
            split = ",",
            paramLabel = "TYPE",
            defaultValue = "gaussian,laplacian,pink",
            converter = NoiseChoice.Converter.class,
            description =
                    "Noise types, comma-separated, among gaussian, laplacian, pink (default: ${DEFAULT-VALUE}).")
    List<NoiseChoice> noises;

    @Option(
            names = "--archs",
            split = ",",
            paramLabel = "ARCH",
            defaultValue = "convnet,resnet,drsn-cs,drsn-cw",
            converter = ArchitectureConverter.class,
            description = "Architectures, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Architecture> archs;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            description = "Epochs per run (default: 100, --quick: " + QUICK_EPOCHS + ").")
    Integer epochs;

    @Option(
            names = "--windows-per-combination",
            paramLabel = "N",
            description =
                    "Training windows per (state, speed, load) (default: 360 = 25,920 windows, --quick: "
                            + QUICK_WINDOWS_PER_COMBINATION
                            + ").")
    Integer windowsPerCombination;

    @Option(
            names = "--per-class",
            paramLabel = "N",
            description =
                    "Test windows per health state (default: 360 = 2,880 windows, --quick: "
                            + QUICK_PER_CLASS
                            + ").")
    Integer perClass;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of the data and of every run (default: ${DEFAULT-VALUE}).")
    int seed;

    @Option(
            names = "--snr-min",
            paramLabel = "DB",
            defaultValue = "-5",
            description = "Lowest training SNR (default: ${DEFAULT-VALUE}).")
    double snrMin;

    @Option(
            names = "--snr-max",
            paramLabel = "DB",
            defaultValue = "5",
            description = "Highest training SNR (default: ${DEFAULT-VALUE}).")
    double snrMax;

    @Option(
            names = "--clean-share",
            paramLabel = "P",
            defaultValue = "0",
            description = "Share of training windows left clean (default: ${DEFAULT-VALUE}).")
    double cleanShare;

    @Option(
            names = "--fresh",
            description = "Retrain even where runs/ holds a result with the same settings.")
    boolean fresh;

    @Option(names = "--no-progress", description = "No progress bar (one log line per epoch only).")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        int e = epochs != null ? epochs : quick ? QUICK_EPOCHS : FULL_EPOCHS;
        int wpc =
                windowsPerCombination != null
                        ? windowsPerCombination
                        : quick ? QUICK_WINDOWS_PER_COMBINATION : FULL_WINDOWS_PER_COMBINATION;
        int pc = perClass != null ? perClass : quick ? QUICK_PER_CLASS : FULL_PER_CLASS;
        validate(cmd, e, wpc, pc);
        TrainingCli.adviseOnOneDnn(cmd.getErr());
        threadOptions.apply(cmd);
        PrintWriter err = cmd.getErr();
        Path runs = out.resolve("runs");
        try {
            Files.createDirectories(runs);
        } catch (IOException ex) {
            throw new CliFailure("Cannot create " + runs + ": " + ex.getMessage(), ex);
        }
        String commandLine = TrainCommand.commandLine(cmd);
        String mode = quick ? "quick" : "full";

        DatasetSpec trainSpec = DatasetSpec.builder().windowsPerCombination(wpc).seed(seed).build();
        int combos = trainSpec.speedsHz().size() * trainSpec.loads().size();
        DatasetSpec testSpec =
                trainSpec.toBuilder()
                        .windowsPerCombination((pc + combos - 1) / combos)
                        .seed(seed + 1_000_003L)
                        .build();
        Dataset train = null;
        DataSets.Labelled test = null;

        List<RunResult> results = new ArrayList<>();
        int total = noises.size() * archs.size();
        int index = 0;
        long begin = System.nanoTime();
        try (StopOnSignal stop = new StopOnSignal(err)) {
            outer:
            for (NoiseChoice noise : noises) {
                for (Architecture arch : archs) {
                    index++;
                    String name = noise.cliName() + "-" + ArchitectureConverter.cliName(arch);
                    Path file = runs.resolve(name + ".json");
                    RunResult wanted = new RunResult();
                    wanted.noise = noise.cliName();
                    wanted.arch = arch.name();
                    wanted.mode = mode;
                    wanted.commandLine = commandLine;
                    wanted.epochs = e;
                    wanted.windowsPerCombination = wpc;
                    wanted.trainWindows = trainSpec.windowCount();
                    wanted.testWindows = testSpec.windowCount();
                    wanted.dataSeed = trainSpec.seed();
                    wanted.testSeed = testSpec.seed();
                    wanted.trainSeed = seed;
                    wanted.snrMinDb = snrMin;
                    wanted.snrMaxDb = snrMax;
                    wanted.cleanShare = cleanShare;
                    RunResult previous = fresh ? null : read(file);
                    if (previous != null && previous.sameSettings(wanted)) {
                        err.printf(
                                Locale.ROOT, "[%d/%d] %s: reusing %s%n", index, total, name, file);
                        results.add(previous);
                        continue;
                    }
                    if (stop.requested()) {
                        break outer;
                    }
                    if (train == null) {
                        train = DataOptions.generate(trainSpec, err);
                        Dataset t = DataOptions.generate(testSpec, err);
                        test = new DataSets.Labelled(t.windows(), t.labels());
                    }
                    RunResult r = run(cmd, stop, wanted, noise, arch, train, test, index, total);
                    write(file, r);
                    results.add(r);
                    ReproductionReport.write(
                            out,
                            withCompatible(runs, results),
                            commandLine,
                            describe(mode, e, wpc, pc));
                    err.printf(
                            Locale.ROOT,
                            "[%d/%d] %s: clean %.1f %%, mean -5..+5 dB %.1f %%, %.0f samples/s (%.0f s elapsed)%n",
                            index,
                            total,
                            name,
                            100 * r.accuracyClean,
                            100 * r.meanNoisy(),
                            r.samplesPerSecond,
                            (System.nanoTime() - begin) / 1e9);
                    err.flush();
                    if (r.stopped) {
                        break outer;
                    }
                }
            }
            results = withCompatible(runs, results);
            ReproductionReport.write(out, results, commandLine, describe(mode, e, wpc, pc));
        }
        PrintWriter o = cmd.getOut();
        o.printf(
                Locale.ROOT,
                "wrote %s (%d runs)%n",
                out.resolve(ReproductionReport.REPORT),
                results.size());
        o.print(ReproductionReport.summaryTable(results));
        o.flush();
        return 0;
    }

    private RunResult run(
            CommandLine cmd,
            StopOnSignal stop,
            RunResult r,
            NoiseChoice noise,
            Architecture arch,
            Dataset train,
            DataSets.Labelled test,
            int index,
            int total) {
        PrintWriter err = cmd.getErr();
        NetworkSpec net = NetworkSpec.paper(arch);
        TrainingConfig config =
                TrainingConfig.builder(net)
                        .optEpochs(r.epochs)
                        .optSeed(seed)
                        .optNormalization(InputNormalization.PER_WINDOW_STANDARDIZE)
                        .build();
        String prefix =
                String.format(
                        Locale.ROOT,
                        "[%d/%d] %s %s",
                        index,
                        total,
                        noise.cliName(),
                        ArchitectureConverter.displayName(arch));
        err.printf(
                Locale.ROOT,
                "%s: training on %d windows, %d epochs, %s noise at %s..%s dB%n",
                prefix,
                train.size(),
                r.epochs,
                noise.cliName(),
                snrMin,
                snrMax);
        err.flush();
        DrsnTrainer trainer =
                new DrsnTrainer(config)
                        .setAugmenter(new NoiseAugmenter(noise, snrMin, snrMax, cleanShare));
        long begin = System.nanoTime();
        TrainingOutcome outcome;
        try (ConsoleProgress progress =
                new ConsoleProgress(
                        err, prefix, !noProgress && System.console() != null, r.epochs)) {
            trainer.setListener(progress);
            stop.watch(trainer);
            outcome = trainer.train(train.windows(), train.labels());
            stop.watch(null);
        }
        try (outcome;
                Scorer scorer = Evaluations.scorer(outcome.model(), config.normalization())) {
            double seconds = (System.nanoTime() - begin) / 1e9;
            Map<String, Object> summary = TrainCommand.summary(outcome.history(), seconds);
            r.epochsCompleted = ((Number) summary.get("epochsCompleted")).longValue();
            r.stopped = outcome.stopped();
            r.samplesPerSecond = ((Number) summary.get("samplesPerSecond")).doubleValue();
            r.secondsPerEpoch = ((Number) summary.get("secondsPerEpoch")).doubleValue();
            r.secondsPerEpochOf25920Windows =
                    ((Number) summary.get("secondsPerEpochOf25920Windows")).doubleValue();
            r.trainingSeconds = ((Number) summary.get("trainingSeconds")).doubleValue();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> history = (List<Map<String, Object>>) summary.get("history");
            r.history = history;
            Evaluation clean = Evaluation.of(scorer, test.windows(), test.labels());
            r.accuracyClean = clean.accuracy();
            r.shrinkageClean = clean.meanShrinkage();
            r.confusionClean = clean.confusionMatrix();
            NoiseType type = noise.single();
            for (int snr : PaperNumbers.SNRS) {
                Evaluation ev = Evaluations.evaluate(scorer, test, type, snr, r.testSeed);
                String key = Integer.toString(snr);
                r.accuracyBySnr.put(key, ev.accuracy());
                r.shrinkageBySnr.put(key, ev.meanShrinkage());
                r.confusionBySnr.put(key, ev.confusionMatrix());
            }
            r.finishedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return r;
    }

    private void validate(CommandLine cmd, int e, int wpc, int pc) {
        if (e < 1) {
            throw new ParameterException(cmd, "--epochs must be positive, got " + e);
        }
        if (wpc < 1) {
            throw new ParameterException(
                    cmd, "--windows-per-combination must be positive, got " + wpc);
        }
        if (pc < 1) {
            throw new ParameterException(cmd, "--per-class must be positive, got " + pc);
        }
        for (NoiseChoice n : noises) {
            if (n == NoiseChoice.NONE || n == NoiseChoice.MIXED) {
                throw new ParameterException(
                        cmd, "--noise takes gaussian, laplacian or pink, got " + n);
            }
        }
        if (noises.isEmpty() || archs.isEmpty()) {
            throw new ParameterException(cmd, "--noise and --archs must name at least one entry");
        }
        if (noises.stream().distinct().count() != noises.size()
                || archs.stream().distinct().count() != archs.size()) {
            throw new ParameterException(cmd, "--noise and --archs must not repeat an entry");
        }
        if (!Double.isFinite(snrMin) || !Double.isFinite(snrMax) || snrMin > snrMax) {
            throw new ParameterException(
                    cmd, "need --snr-min <= --snr-max, got " + snrMin + " and " + snrMax);
        }
        if (!(cleanShare >= 0 && cleanShare <= 1)) {
            throw new ParameterException(cmd, "--clean-share must be in [0, 1], got " + cleanShare);
        }
    }

    private String describe(String mode, int e, int wpc, int pc) {
        int trainWindows = HealthState.count() * 9 * wpc;
        return String.format(
                Locale.ROOT,
                "%s mode: %d epochs, %,d training windows (%d per state x speed x load, seed %d), %,d test windows "
                        + "(seed %d), training noise at SNR uniform in [%s, %s] dB with %.0f %% clean windows; "
                        + "SGD momentum 0.9, L2 1e-4, batch 128, lr 0.1/0.01/0.001 at 40 %%/80 %% of the epochs",
                mode,
                e,
                trainWindows,
                wpc,
                seed,
                HealthState.count() * 9 * ((pc + 8) / 9),
                seed + 1_000_003L,
                fmt(snrMin),
                fmt(snrMax),
                cleanShare * 100);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * The results of this invocation plus the finished runs in runs/ made with the same settings
     * for other noise types or architectures (e.g. by an earlier call with another --archs), so
     * that calls on subsets add up to one report.
     */
    static List<RunResult> withCompatible(Path runs, List<RunResult> results) throws IOException {
        List<RunResult> all = new ArrayList<>(results);
        if (results.isEmpty() || !Files.isDirectory(runs)) {
            return all;
        }
        RunResult reference = results.get(0);
        List<Path> files;
        try (var stream = Files.list(runs)) {
            files =
                    stream.filter(f -> f.getFileName().toString().endsWith(".json"))
                            .sorted()
                            .toList();
        }
        for (Path f : files) {
            RunResult other = read(f);
            if (other == null || other.noise == null || other.arch == null) {
                continue;
            }
            boolean present =
                    all.stream()
                            .anyMatch(
                                    r -> r.noise.equals(other.noise) && r.arch.equals(other.arch));
            RunResult probe = new RunResult();
            copySettings(reference, probe);
            probe.noise = other.noise;
            probe.arch = other.arch;
            if (!present && other.sameSettings(probe)) {
                all.add(other);
            }
        }
        return all;
    }

    private static void copySettings(RunResult from, RunResult to) {
        to.epochs = from.epochs;
        to.windowsPerCombination = from.windowsPerCombination;
        to.testWindows = from.testWindows;
        to.dataSeed = from.dataSeed;
        to.testSeed = from.testSeed;
        to.trainSeed = from.trainSeed;
        to.snrMinDb = from.snrMinDb;
        to.snrMaxDb = from.snrMaxDb;
        to.cleanShare = from.cleanShare;
    }

    static RunResult read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), RunResult.class);
        } catch (IOException | JsonParseException e) {
            return null;
        }
    }

    static void write(Path file, RunResult r) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, GSON.toJson(r), StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
