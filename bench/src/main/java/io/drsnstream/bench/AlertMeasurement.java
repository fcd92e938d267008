package io.drsnstream.bench;

import ai.djl.Device;
import com.google.gson.ExclusionStrategy;
import com.google.gson.FieldAttributes;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.drsnstream.bench.alerts.AlertPlot;
import io.drsnstream.bench.alerts.AlertTables;
import io.drsnstream.bench.alerts.Condition;
import io.drsnstream.bench.alerts.ConditionResult;
import io.drsnstream.bench.alerts.PolicyChoice;
import io.drsnstream.bench.alerts.PolicyResult;
import io.drsnstream.bench.alerts.PolicySpec;
import io.drsnstream.bench.alerts.SeedSetRun;
import io.drsnstream.bench.alerts.SensorPopulation;
import io.drsnstream.bench.alerts.SequenceScorer;
import io.drsnstream.bench.pipeline.Machine;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.OperatingRange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The alert measurement of issue #12: false alerts per sensor-hour on sensors that stay healthy
 * and the time from a fault's onset to RAISED, per noise condition, for a grid of (k, n, m).
 *
 * <p>Simulated sensors (sensor-sim), each at its own operating point, are cut into the job's
 * windows and scored by the committed model in batches; the windows go through the job's own
 * {@link io.drsnstream.job.alert.AlertRule} under each policy. Two seed sets that share nothing:
 * the <em>selection</em> set chooses the defaults ({@link PolicyChoice}), the <em>evaluation</em>
 * set reports the figures. Output: {@code alert-measurement.json}, {@code alert-measurement.md}
 * and {@code alert-measurement.png} under {@code --out}.
 */
@Command(
        name = "AlertMeasurement",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "False alerts per sensor-hour and time from fault onset to RAISED, per noise and SNR, for a"
                        + " grid of alert policies (k/n/m), with the committed model and the simulator.")
public final class AlertMeasurement implements Callable<Integer> {

    /** Event time of every simulated sensor's first sample: 2026-01-01T00:00:00Z. */
    static final long START_TIME_MICROS = 1_767_225_600_000_000L;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Model artifact directory (default: models/drsn-cw above the working directory).")
    Path modelDir;

    @Option(
            names = "--policies",
            split = ",",
            paramLabel = "K/N/M",
            defaultValue = "4/5/3,3/10/8,5/10/6,6/10/6,8/10/8,10/20/11,16/20/16,24/30/24,40/50/40",
            description =
                    "The grid: k/n/m, or k/n/m@threshold for another threshold than the model's (default: ${DEFAULT-VALUE}).")
    List<String> policies;

    @Option(
            names = "--conditions",
            split = ",",
            paramLabel = "NOISE",
            defaultValue = "white_gaussian:10,white_gaussian:5,white_gaussian:0",
            description =
                    "Noise on every sensor, 'clean' or TYPE:SNR, measured with --healthy-hours (default: ${DEFAULT-VALUE}).")
    List<String> conditions;

    @Option(
            names = "--extra-conditions",
            split = ",",
            paramLabel = "NOISE",
            defaultValue = "clean,laplacian:10,laplacian:5,laplacian:0,pink:10,pink:5,pink:0",
            description =
                    "More conditions, measured with --extra-healthy-hours (default: ${DEFAULT-VALUE}; 'none' for none).")
    List<String> extraConditions;

    @Option(
            names = "--demo-noise",
            defaultValue = "white_gaussian:5",
            paramLabel = "NOISE",
            description =
                    "The demo's default noise, which the defaults are chosen for (default: ${DEFAULT-VALUE}).")
    String demoNoise;

    @Option(
            names = "--healthy-sensors",
            defaultValue = "20",
            paramLabel = "N",
            description = "Healthy sensors per seed set (default: ${DEFAULT-VALUE}).")
    int healthySensors;

    @Option(
            names = "--healthy-hours",
            defaultValue = "1",
            paramLabel = "H",
            description =
                    "Sensor time per healthy sensor under --conditions, evaluation set (default: ${DEFAULT-VALUE}).")
    double healthyHours;

    @Option(
            names = "--extra-healthy-hours",
            defaultValue = "0.1",
            paramLabel = "H",
            description = "The same under --extra-conditions (default: ${DEFAULT-VALUE}).")
    double extraHealthyHours;

    @Option(
            names = "--selection-healthy-hours",
            defaultValue = "0.05",
            paramLabel = "H",
            description =
                    "Sensor time per healthy sensor in the selection set, every condition (default: ${DEFAULT-VALUE}).")
    double selectionHealthyHours;

    @Option(
            names = "--faulty-per-fault",
            defaultValue = "10",
            paramLabel = "N",
            description =
                    "Faulty sensors per fault of the model, per seed set (default: ${DEFAULT-VALUE}).")
    int faultyPerFault;

    @Option(
            names = "--onset",
            split = ",",
            defaultValue = "10,20",
            paramLabel = "S",
            description =
                    "Earliest,latest onset in seconds of sensor time (default: ${DEFAULT-VALUE}).")
    double[] onsetSeconds;

    @Option(
            names = "--severity",
            split = ",",
            defaultValue = "0.3,1.0",
            paramLabel = "S",
            description =
                    "Lowest,highest fault severity: the model's trained range (default: ${DEFAULT-VALUE}).")
    double[] severity;

    @Option(
            names = "--cap-seconds",
            defaultValue = "60",
            paramLabel = "S",
            description =
                    "A faulty sensor not raised this long after its onset counts as never raised (default: ${DEFAULT-VALUE}).")
    double capSeconds;

    @Option(
            names = "--selection-seed",
            defaultValue = "120001",
            paramLabel = "SEED",
            description = "Seed set that chooses the defaults (default: ${DEFAULT-VALUE}).")
    long selectionSeed;

    @Option(
            names = "--evaluation-seed",
            defaultValue = "120002",
            paramLabel = "SEED",
            description =
                    "Seed set the figures are reported on, never used for choosing (default: ${DEFAULT-VALUE}).")
    long evaluationSeed;

    @Option(
            names = "--batch",
            defaultValue = "64",
            paramLabel = "N",
            description = "Scoring batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--windows-per-round",
            defaultValue = "8",
            paramLabel = "N",
            description =
                    "Windows per sensor simulated between two looks at the faulty sensors' alerts (default: ${DEFAULT-VALUE}).")
    int windowsPerRound;

    @Option(
            names = "--threads",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "PyTorch intra-op threads (default: ${DEFAULT-VALUE}); the simulation runs in the common fork-join pool.")
    int threads;

    @Option(
            names = "--label",
            paramLabel = "TEXT",
            description = "The machine, in words, for the report.")
    String label;

    @Option(
            names = "--out",
            defaultValue = "docs/alerts",
            paramLabel = "DIR",
            description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    private String[] args = new String[0];

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        AlertMeasurement command = new AlertMeasurement();
        command.args = args;
        CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    System.err.println("AlertMeasurement: " + e.getMessage() + " (see --help)");
                    return 2;
                });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSupport.configureEngine(threads);
        Path model = modelDir != null ? modelDir.toAbsolutePath() : BenchSupport.committedModel();
        List<PolicySpec> grid = policies.stream().map(PolicySpec::parse).toList();
        List<Condition> main = conditions.stream().map(Condition::parse).toList();
        List<Condition> extra =
                extraConditions.size() == 1 && extraConditions.get(0).equalsIgnoreCase("none")
                        ? List.of()
                        : extraConditions.stream().map(Condition::parse).toList();
        String demo = Condition.parse(demoNoise).toString();
        require(
                onsetSeconds.length == 2
                        && onsetSeconds[0] > 0
                        && onsetSeconds[1] >= onsetSeconds[0],
                "--onset needs 0 < earliest <= latest");
        require(
                severity.length == 2
                        && severity[0] > 0
                        && severity[1] >= severity[0]
                        && severity[1] <= 1,
                "--severity needs 0 < lowest <= highest <= 1");

        Map<String, Object> results = new LinkedHashMap<>();
        Instant started = Instant.now();
        try (ModelArtifact artifact = ModelArtifact.load(model, Device.cpu());
                Scorer scorer = artifact.newScorer(batch)) {
            ModelMetadata metadata = artifact.getMetadata();
            if (metadata.anomalyThreshold().isEmpty()) {
                throw new IllegalArgumentException(model + " has no calibrated anomalyThreshold");
            }
            float calibrated = (float) metadata.anomalyThreshold().getAsDouble();
            double windowSeconds = metadata.windowLength() / metadata.sampleRateHz();
            List<AlertPolicy> jobPolicies =
                    grid.stream()
                            .map(
                                    spec ->
                                            spec.policy(
                                                    calibrated,
                                                    ScoringJobOptions.ALERT_SCORE_STEP
                                                            .defaultValue(),
                                                    ScoringJobOptions.ALERT_MIN_DURATION
                                                            .defaultValue(),
                                                    ScoringJobOptions.ALERT_MIN_UPDATE_INTERVAL
                                                            .defaultValue(),
                                                    ScoringJobOptions.ALERT_NO_DATA_TIMEOUT
                                                            .defaultValue()))
                            .toList();
            List<HealthState> faults =
                    metadata.labels().stream()
                            .filter(l -> !l.equals(metadata.healthyLabel()))
                            .map(HealthState::valueOf)
                            .toList();
            SequenceScorer sequences =
                    new SequenceScorer(
                            scorer,
                            metadata.labels(),
                            metadata.version(),
                            calibrated,
                            windowsPerRound,
                            START_TIME_MICROS);
            SeedSetRun run =
                    new SeedSetRun(
                            sequences,
                            grid,
                            jobPolicies,
                            calibrated,
                            windowSeconds,
                            START_TIME_MICROS,
                            capSeconds,
                            System.err::println);

            results.put(
                    "measurement",
                    "alerts (#12): false alerts on healthy sensors, time from onset to RAISED");
            results.put("startedAt", started.toString());
            results.put("commandLine", "AlertMeasurement " + String.join(" ", args));
            results.put("label", label);
            results.put("machine", Machine.describe());
            results.put("engine", BenchSupport.engineSettings());
            results.put(
                    "model",
                    Map.of(
                            "dir",
                            model.toString(),
                            "version",
                            metadata.version(),
                            "anomalyThreshold",
                            calibrated,
                            "windowSeconds",
                            windowSeconds));
            Map<String, Object> setup = new LinkedHashMap<>();
            setup.put("policies", grid.stream().map(PolicySpec::toString).toList());
            setup.put(
                    "policyFixed",
                    Map.of(
                            "scoreStep", jobPolicies.get(0).scoreStep(),
                            "minAlertDuration", jobPolicies.get(0).minAlertDuration().toString(),
                            "minUpdateInterval", jobPolicies.get(0).minUpdateInterval().toString(),
                            "noDataTimeout", jobPolicies.get(0).noDataTimeout().toString()));
            setup.put("conditions", main.stream().map(Condition::toString).toList());
            setup.put("extraConditions", extra.stream().map(Condition::toString).toList());
            setup.put("demoNoise", demo);
            setup.put("healthySensors", healthySensors);
            setup.put("healthyHours", healthyHours);
            setup.put("extraHealthyHours", extraHealthyHours);
            setup.put("selectionHealthyHours", selectionHealthyHours);
            setup.put("faults", faults.stream().map(Enum::name).toList());
            setup.put("faultyPerFault", faultyPerFault);
            setup.put("onsetSeconds", onsetSeconds);
            setup.put("severity", severity);
            setup.put("capSeconds", capSeconds);
            setup.put(
                    "operatingPoints",
                    "speed drifting linearly between two speeds drawn uniformly from "
                            + OperatingRange.SUPPORTED.minHz()
                            + "-"
                            + OperatingRange.SUPPORTED.maxHz()
                            + " Hz over the sensor's span, load drawn uniformly from "
                            + OperatingRange.SUPPORTED.minLoad()
                            + "-"
                            + OperatingRange.SUPPORTED.maxLoad());
            setup.put("selectionSeed", selectionSeed);
            setup.put("evaluationSeed", evaluationSeed);
            setup.put("batch", batch);
            setup.put("windowsPerRound", windowsPerRound);
            results.put("setup", setup);

            double span =
                    3600
                            * Math.max(
                                    healthyHours,
                                    Math.max(extraHealthyHours, selectionHealthyHours));
            List<ConditionResult> selection =
                    measure(
                            "selection",
                            selectionSeed,
                            run,
                            main,
                            extra,
                            selectionHealthyHours,
                            Math.min(selectionHealthyHours, extraHealthyHours),
                            span,
                            faults,
                            results);
            PolicySpec chosen = PolicyChoice.choose(selection, grid, demo);
            results.put(
                    "chosen",
                    Map.of(
                            "policy",
                            chosen.toString(),
                            "rule",
                            "on the selection set, among the policies with the calibrated threshold: fewest false alerts"
                                    + " over every condition, then fewest never raised at the demo's noise, then the"
                                    + " shortest median and p90 at the demo's noise, then the shortest worst median"));
            System.err.println("Chosen on the selection set: " + chosen);
            List<ConditionResult> evaluation =
                    measure(
                            "evaluation",
                            evaluationSeed,
                            run,
                            main,
                            extra,
                            healthyHours,
                            extraHealthyHours,
                            span,
                            faults,
                            results);
            results.put("finishedAt", Instant.now().toString());
            results.put(
                    "wallSeconds", Duration.between(started, Instant.now()).toMillis() / 1000.0);
            write(results);
            Files.writeString(
                    out.resolve("alert-measurement.md"),
                    AlertTables.markdown(evaluation, selection, grid, chosen, demo),
                    StandardCharsets.UTF_8);
            AlertPlot.save(evaluation, grid, chosen, out.resolve("alert-measurement.png"));
            System.out.print(AlertTables.markdown(evaluation, selection, grid, chosen, demo));
        }
        return 0;
    }

    private List<ConditionResult> measure(
            String name,
            long seed,
            SeedSetRun run,
            List<Condition> main,
            List<Condition> extra,
            double mainHours,
            double extraHours,
            double spanSeconds,
            List<HealthState> faults,
            Map<String, Object> results)
            throws java.io.IOException {
        SensorPopulation population =
                SensorPopulation.draw(
                        seed,
                        OperatingRange.SUPPORTED,
                        healthySensors,
                        spanSeconds,
                        faults,
                        faultyPerFault,
                        onsetSeconds,
                        severity,
                        capSeconds);
        System.err.printf(
                Locale.ROOT,
                "%s set (seed %d): %d healthy sensors x %.2f h (%.2f h under the extra conditions), %d faulty%n",
                name,
                seed,
                healthySensors,
                mainHours,
                extraHours,
                population.faulty().size());
        List<ConditionResult> conditionResults = new ArrayList<>();
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("seed", seed);
        set.put("sensors", population);
        set.put("conditions", conditionResults);
        results.put(name, set);
        for (Condition condition : main) {
            conditionResults.add(run.run(population, condition, mainHours * 3600));
            write(results);
        }
        for (Condition condition : extra) {
            conditionResults.add(run.run(population, condition, extraHours * 3600));
            write(results);
        }
        return conditionResults;
    }

    /**
     * One line, without the per-fault figures (they follow from {@code detectionSeconds} and the
     * sensors' faults, and would triple the file): a file small enough to commit next to the docs.
     */
    private void write(Map<String, Object> results) throws java.io.IOException {
        Files.createDirectories(out);
        Gson gson =
                new GsonBuilder()
                        .serializeSpecialFloatingPointValues()
                        .serializeNulls()
                        .setExclusionStrategies(
                                new ExclusionStrategy() {
                                    @Override
                                    public boolean shouldSkipField(FieldAttributes field) {
                                        return field.getDeclaringClass() == PolicyResult.class
                                                && field.getName().equals("byFault");
                                    }

                                    @Override
                                    public boolean shouldSkipClass(Class<?> type) {
                                        return false;
                                    }
                                })
                        .create();
        Files.writeString(
                out.resolve("alert-measurement.json"),
                gson.toJson(results),
                StandardCharsets.UTF_8);
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(new CommandLine(this), message);
        }
    }
}
