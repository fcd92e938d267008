package io.drsnstream.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.drsnstream.bench.pipeline.ChaosPhase;
import io.drsnstream.bench.pipeline.ChaosSchedule;
import io.drsnstream.bench.pipeline.DrainPhase;
import io.drsnstream.bench.pipeline.KafkaBaselinePhase;
import io.drsnstream.bench.pipeline.LatencySummary;
import io.drsnstream.bench.pipeline.Machine;
import io.drsnstream.bench.pipeline.ModelOnlyPhase;
import io.drsnstream.bench.pipeline.PacedPhase;
import io.drsnstream.bench.pipeline.PhaseContext;
import io.drsnstream.bench.pipeline.SoakRecorder;
import io.drsnstream.drsn.model.EngineSettings;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.job.config.InvalidConfigException;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.SensitiveKeys;
import io.drsnstream.kafka.LocalKafkaBroker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark: a KRaft broker and a Flink MiniCluster in this JVM, the scoring job
 * as deployed (ScoringJob's streams and sinks, the committed model), simulated sensors.
 *
 * <p>Phases, always in this order, each with fresh topics and its own job:
 * <ol>
 *   <li>{@code model}: the scorer alone at the job's batch size and at batch 1;</li>
 *   <li>{@code kafka}: a raw client loop over the same bytes (the transport ceiling);</li>
 *   <li>{@code drain}: a pre-loaded backlog worked off by the job: the sustained rate;</li>
 *   <li>{@code latency}: sensors in real time at fractions of that rate ({@code --load}):
 *       last sample to readable score, p50/p95/p99;</li>
 *   <li>{@code soak}: the same at {@code --soak-load} for {@code --soak-minutes}, recording
 *       heap and RSS;</li>
 *   <li>{@code chaos} (only when asked for): a paced load while TaskManagers are lost, tasks fail
 *       and the broker restarts; every window reconciled, recovery times measured.</li>
 * </ol>
 * One JSON result per run (plus CSVs for latency and soak) under {@code --out}; it is rewritten
 * after every phase, so an interrupted run keeps what it measured.
 */
@Command(
        name = "PipelineBenchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "End-to-end benchmark of the scoring pipeline: Kafka + Flink MiniCluster + DRSN in one JVM.")
public final class PipelineBenchmark implements Callable<Integer> {

    /** The phases, in the order they run. */
    enum Phase {
        MODEL,
        KAFKA,
        DRAIN,
        LATENCY,
        SOAK,
        CHAOS
    }

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Model artifact directory (default: models/drsn-cw above the working directory).")
    Path modelDir;

    @Option(
            names = "--untrained",
            paramLabel = "ARCH",
            description =
                    "Score with an untrained paper network of this architecture instead (same speed as a "
                            + "trained one): ${COMPLETION-CANDIDATES}.")
    Architecture untrained;

    @Option(
            names = "--phases",
            split = ",",
            paramLabel = "PHASE",
            description =
                    "Phases to run, comma-separated (default: model,kafka,drain,latency; soak is added by "
                            + "--soak-minutes; chaos runs only when named): ${COMPLETION-CANDIDATES}.")
    List<Phase> phases;

    @Option(
            names = "--delivery",
            defaultValue = "exactly-once",
            paramLabel = "MODE",
            description =
                    "The job's delivery guarantee: exactly-once or at-least-once (default: ${DEFAULT-VALUE}).")
    String delivery;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            description =
                    "Job parallelism = scoring subtasks = MiniCluster slots (default: available processors).")
    Integer parallelism;

    @Option(
            names = "--partitions",
            paramLabel = "N",
            description = "Partitions of the chunks and scores topics (default: the parallelism).")
    Integer partitions;

    @Option(
            names = "--sensors",
            defaultValue = "200",
            paramLabel = "N",
            description = "Sensors in the drain backlog (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(
            names = "--windows-per-sensor",
            defaultValue = "150",
            paramLabel = "N",
            description = "Windows per sensor in the drain backlog (default: ${DEFAULT-VALUE}).")
    int windowsPerSensor;

    @Option(
            names = "--drain-warmup-windows-per-sensor",
            defaultValue = "300",
            paramLabel = "N",
            description =
                    "Drain: first work off a warm-up backlog of this many windows per sensor, unmeasured, so"
                            + " that the measured drain runs JIT-compiled code (0: none; default: ${DEFAULT-VALUE}).")
    int drainWarmupWindowsPerSensor;

    @Option(
            names = "--chunk-samples",
            defaultValue = "256",
            paramLabel = "N",
            description = "Samples per SensorChunk record (default: ${DEFAULT-VALUE}).")
    int chunkSamples;

    @Option(
            names = "--load",
            split = ",",
            paramLabel = "FRACTION",
            description =
                    "Paced load(s) as fractions of the reference rate, comma-separated (default: 0.5).")
    List<Double> loads;

    @Option(
            names = "--rate",
            paramLabel = "WINDOWS_PER_S",
            description =
                    "Reference rate for --load and --soak-load (default: the drain phase's rate).")
    Double rate;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "15",
            paramLabel = "S",
            description = "Paced runs: seconds before latencies count (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(
            names = "--latency-seconds",
            defaultValue = "60",
            paramLabel = "S",
            description =
                    "Paced runs: seconds of production after the warm-up (default: ${DEFAULT-VALUE}).")
    double latencySeconds;

    @Option(
            names = "--soak-minutes",
            defaultValue = "0",
            paramLabel = "MIN",
            description = "Adds the soak phase of this many minutes (default: no soak).")
    double soakMinutes;

    @Option(
            names = "--soak-load",
            defaultValue = "0.5",
            paramLabel = "FRACTION",
            description =
                    "Soak load as a fraction of the reference rate (default: ${DEFAULT-VALUE}).")
    double soakLoad;

    @Option(
            names = "--soak-sample-seconds",
            defaultValue = "10",
            paramLabel = "S",
            description = "Soak: seconds between memory samples (default: ${DEFAULT-VALUE}).")
    double soakSampleSeconds;

    @Option(
            names = "--chaos-minutes",
            defaultValue = "5",
            paramLabel = "MIN",
            description =
                    "Chaos: minutes of paced load under faults; each fault needs the checkpoint interval"
                            + " + 40 s after it (default: ${DEFAULT-VALUE}).")
    double chaosMinutes;

    @Option(
            names = "--chaos-faults",
            defaultValue = "4",
            paramLabel = "N",
            description =
                    "Chaos: TaskManager losses and task failures (a coin toss each), plus the broker"
                            + " restarts (default: ${DEFAULT-VALUE}).")
    int chaosFaults;

    @Option(
            names = "--chaos-broker-restarts",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Chaos: broker restarts on top of --chaos-faults, each down"
                            + " --chaos-broker-down-seconds (default: ${DEFAULT-VALUE}).")
    int chaosBrokerRestarts;

    @Option(
            names = "--chaos-seed",
            defaultValue = "1",
            paramLabel = "N",
            description =
                    "Chaos: seed of the fault times, kinds and victims (default: ${DEFAULT-VALUE}).")
    long chaosSeed;

    @Option(
            names = "--chaos-sensors",
            defaultValue = "16",
            paramLabel = "N",
            description =
                    "Chaos: sensors in real time, 6.25 windows/s each at the default hop (default: ${DEFAULT-VALUE}).")
    int chaosSensors;

    @Option(
            names = "--chaos-task-managers",
            defaultValue = "2",
            paramLabel = "N",
            description =
                    "Chaos: TaskManagers of the chaos phase's MiniCluster, at least 2 and at most the"
                            + " parallelism, so that each runs part of the job (default: ${DEFAULT-VALUE}).")
    int chaosTaskManagers;

    @Option(
            names = "--chaos-broker-down-seconds",
            defaultValue = "15",
            paramLabel = "S",
            description = "Chaos: how long the broker stays down (default: ${DEFAULT-VALUE}).")
    double chaosBrokerDownSeconds;

    @Option(
            names = "--chaos-warmup-seconds",
            defaultValue = "20",
            paramLabel = "S",
            description =
                    "Chaos: fault-free seconds first; steady is measured over their second half (default: ${DEFAULT-VALUE}).")
    double chaosWarmupSeconds;

    @Option(
            names = "--chaos-drain-timeout-seconds",
            defaultValue = "180",
            paramLabel = "S",
            description =
                    "Chaos: after the load, how long to wait for every window before reconciling"
                            + " (default: ${DEFAULT-VALUE}).")
    double chaosDrainTimeoutSeconds;

    @Option(
            names = "--model-seconds",
            defaultValue = "10",
            paramLabel = "S",
            description =
                    "Model phase: measured seconds per batch size, after 3 s of warm-up (default: ${DEFAULT-VALUE}).")
    double modelSeconds;

    @Option(
            names = "--drain-timeout-seconds",
            defaultValue = "900",
            paramLabel = "S",
            description = "Drain: give up after this long (default: ${DEFAULT-VALUE}).")
    long drainTimeoutSeconds;

    @Option(
            names = "--producer-linger-ms",
            defaultValue = "5",
            paramLabel = "MS",
            description =
                    "Paced producer's linger.ms, part of every latency (default: ${DEFAULT-VALUE}, Kafka's).")
    int producerLingerMillis;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "A scoring-job setting, e.g. --set batch.size=128 --set checkpoint.interval.ms=1000 "
                            + "(default: the job's defaults, scoring.device=cpu).")
    Map<String, String> jobOverrides = new LinkedHashMap<>();

    @Option(
            names = "--flink",
            paramLabel = "KEY=VALUE",
            description =
                    "A Flink configuration option for the MiniCluster and the job, as a deployment would put it"
                            + " in its Flink configuration, e.g. --flink execution.buffer-timeout.interval=10ms"
                            + " (default: Flink's defaults).")
    Map<String, String> flinkOptions = new LinkedHashMap<>();

    @Option(
            names = "--out",
            defaultValue = "bench/results",
            paramLabel = "DIR",
            description = "Directory for result files (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--label",
            paramLabel = "TEXT",
            description = "Free text stored with the results (e.g. the machine).")
    String label;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    private final Gson gson = resultGson();
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Object> phaseResults = new LinkedHashMap<>();
    private Path resultFile;
    private String[] args;

    public static void main(String[] args) {
        PipelineBenchmark command = new PipelineBenchmark();
        command.args = args;
        CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    System.err.println("PipelineBenchmark: " + e.getMessage() + " (see --help)");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (e, c, parsed) -> {
                    System.err.println("PipelineBenchmark: " + oneLine(e));
                    if (command.verbose) {
                        e.printStackTrace();
                    }
                    return 1;
                });
        int code = cli.execute(args);
        // Kafka's and Flink's non-daemon threads must not keep a finished benchmark alive.
        System.exit(code);
    }

    private static String oneLine(Throwable e) {
        Throwable t = e;
        while ((t.getMessage() == null || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public Integer call() throws Exception {
        EnumSet<Phase> run = selectedPhases();
        int p = parallelism != null ? parallelism : Runtime.getRuntime().availableProcessors();
        int parts = partitions != null ? partitions : p;
        validate(run, p, parts);

        // Before anything loads DJL: the job's scorer threads setting for the whole JVM (the model
        // phase and the job's operators share one engine), unless -D already set it.
        if (System.getProperty(EngineSettings.INTRA_OP_THREADS) == null) {
            System.setProperty(
                    EngineSettings.INTRA_OP_THREADS,
                    jobOverrides.getOrDefault("scoring.threads", "1"));
        }
        BenchSupport.configureEngine(0);

        Path model = resolveModel();
        ModelMetadata metadata = readMetadata(model);
        String runId = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        PhaseContext.Settings phaseSettings =
                new PhaseContext.Settings(
                        model,
                        metadata,
                        p,
                        parts,
                        delivery,
                        Map.copyOf(jobOverrides),
                        Map.copyOf(flinkOptions),
                        chunkSamples,
                        producerLingerMillis,
                        runId);
        // Bad job settings end the run here, before a broker starts or a file is written.
        ScoringJobConfig config =
                PhaseContext.jobConfig(phaseSettings, "127.0.0.1:9092", "settings-check");
        if (run.contains(Phase.CHAOS)) {
            double gap = ChaosPhase.gapSeconds(config);
            require(
                    chaosMinutes * 60
                            >= chaosWarmupSeconds
                                    + ChaosSchedule.minimumSpanSeconds(
                                            chaosFaults, chaosBrokerRestarts, gap),
                    String.format(
                            Locale.ROOT,
                            "--chaos-minutes %.1f is too short: %d faults and %d broker restarts need %.0f s"
                                    + " of warm-up + %.0f s after each (checkpoint interval + 40 s)",
                            chaosMinutes,
                            chaosFaults,
                            chaosBrokerRestarts,
                            chaosWarmupSeconds,
                            gap));
        }
        Files.createDirectories(out);
        String base = "pipeline-" + runId + "-" + delivery;
        resultFile = out.resolve(base + ".json");

        results.put("tool", "PipelineBenchmark");
        results.put("startedAt", java.time.Instant.now().toString());
        results.put("label", label);
        results.put("arguments", List.of(args == null ? new String[0] : args));
        results.put("machine", Machine.describe());
        results.put("engine", BenchSupport.engineSettings());
        Map<String, Object> modelInfo = new LinkedHashMap<>();
        modelInfo.put("dir", model.toString());
        modelInfo.put("version", metadata.version());
        modelInfo.put("architecture", metadata.network().architecture().toString());
        modelInfo.put("windowLength", metadata.windowLength());
        modelInfo.put("sampleRateHz", metadata.sampleRateHz());
        results.put("model", modelInfo);
        results.put("phases", phaseResults);

        System.out.println(
                "PipelineBenchmark: phases "
                        + run
                        + ", parallelism "
                        + p
                        + ", partitions "
                        + parts
                        + ", delivery "
                        + delivery
                        + ", model "
                        + metadata.version()
                        + "; results in "
                        + resultFile);
        try (LocalKafkaBroker kafka =
                        LocalKafkaBroker.builder()
                                // Long soaks write GBs: keep at most 1 GiB per partition, checked
                                // every minute.
                                .brokerProperty("log.retention.bytes", Long.toString(1L << 30))
                                .brokerProperty("log.segment.bytes", Long.toString(128L << 20))
                                .brokerProperty("log.retention.check.interval.ms", "60000")
                                .start();
                PhaseContext context = new PhaseContext(phaseSettings, kafka)) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("parallelism", p);
            settings.put("partitions", parts);
            settings.put("sensors", sensors);
            settings.put("windowsPerSensor", windowsPerSensor);
            settings.put("chunkSamples", chunkSamples);
            settings.put("producerLingerMs", producerLingerMillis);
            settings.put("job", PhaseContext.describe(config));
            // Sorted, with secret values (e.g. s3.secret-key) hidden: the file is shared.
            settings.put("flink", SensitiveKeys.redacted(flinkOptions));
            results.put("settings", settings);
            write();

            // Phase results are records: their component names are the JSON fields written here.
            ModelOnlyPhase.Result modelOnly = null;
            if (run.contains(Phase.MODEL)) {
                int[] batches =
                        config.batchSize == 1 ? new int[] {1} : new int[] {config.batchSize, 1};
                modelOnly = new ModelOnlyPhase(context).run(batches, p, 3, modelSeconds);
                phaseResults.put("model", modelOnly);
                write();
            }
            KafkaBaselinePhase.Result kafkaBaseline = null;
            if (run.contains(Phase.KAFKA)) {
                kafkaBaseline = new KafkaBaselinePhase(context).run(sensors, windowsPerSensor);
                phaseResults.put("kafka", kafkaBaseline);
                write();
            }
            Double reference = rate;
            DrainPhase.Result drain = null;
            if (run.contains(Phase.DRAIN)) {
                DrainPhase drainPhase = new DrainPhase(context);
                if (drainWarmupWindowsPerSensor > 0) {
                    System.out.println("drain: warm-up backlog first (not measured)");
                    phaseResults.put(
                            "drainWarmup",
                            drainPhase.run(
                                    sensors,
                                    drainWarmupWindowsPerSensor,
                                    Duration.ofSeconds(drainTimeoutSeconds)));
                    write();
                }
                drain =
                        drainPhase.run(
                                sensors, windowsPerSensor, Duration.ofSeconds(drainTimeoutSeconds));
                phaseResults.put("drain", drain);
                write();
                if (reference == null) {
                    reference = drain.windowsPerSecond();
                }
            }
            if (run.contains(Phase.LATENCY) || run.contains(Phase.SOAK)) {
                if (reference == null || !(reference > 0)) {
                    throw new IllegalStateException(
                            "No reference rate for the paced runs: the drain gave none (a backlog"
                                    + " scored in a single batch has no rate): raise --windows-per-sensor or pass --rate");
                }
                results.put("referenceWindowsPerSecond", reference);
            }
            if (run.contains(Phase.LATENCY)) {
                List<PacedPhase.Result> latencies = new ArrayList<>();
                phaseResults.put("latency", latencies);
                for (double load : loads == null ? List.of(0.5) : loads) {
                    latencies.add(
                            new PacedPhase(context)
                                    .run(
                                            "latency",
                                            load,
                                            reference,
                                            warmupSeconds,
                                            latencySeconds,
                                            null));
                    write();
                }
                writeLatencyCsv(out.resolve(base + "-latency.csv"), latencies);
            }
            if (run.contains(Phase.SOAK)) {
                try (SoakRecorder recorder =
                        new SoakRecorder(out.resolve(base + "-soak.csv"), soakSampleSeconds)) {
                    phaseResults.put(
                            "soak",
                            new PacedPhase(context)
                                    .run(
                                            "soak",
                                            soakLoad,
                                            reference,
                                            warmupSeconds,
                                            soakMinutes * 60,
                                            recorder));
                }
                write();
            }
            if (run.contains(Phase.CHAOS)) {
                phaseResults.put(
                        "chaos",
                        new ChaosPhase(context)
                                .run(
                                        new ChaosPhase.Options(
                                                chaosMinutes,
                                                chaosFaults,
                                                chaosBrokerRestarts,
                                                chaosSeed,
                                                chaosSensors,
                                                chaosTaskManagers,
                                                chaosBrokerDownSeconds,
                                                chaosWarmupSeconds,
                                                chaosDrainTimeoutSeconds),
                                        out,
                                        base));
                write();
            }
            results.put("ratios", ratios(modelOnly, kafkaBaseline, drain));
            results.put("finishedAt", java.time.Instant.now().toString());
            write();
        }
        System.out.println("PipelineBenchmark: results written to " + resultFile);
        return 0;
    }

    private EnumSet<Phase> selectedPhases() {
        EnumSet<Phase> run =
                phases == null || phases.isEmpty()
                        ? EnumSet.of(Phase.MODEL, Phase.KAFKA, Phase.DRAIN, Phase.LATENCY)
                        : EnumSet.copyOf(phases);
        if (soakMinutes > 0) {
            run.add(Phase.SOAK);
        }
        return run;
    }

    private void validate(EnumSet<Phase> run, int p, int parts) {
        if (!delivery.equals("exactly-once") && !delivery.equals("at-least-once")) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--delivery must be exactly-once or at-least-once, not " + delivery);
        }
        require(p >= 1 && parts >= 1, "--parallelism and --partitions must be positive");
        require(
                sensors >= 1 && windowsPerSensor >= 1 && chunkSamples >= 1,
                "--sensors, --windows-per-sensor and --chunk-samples must be positive");
        require(
                run.contains(Phase.SOAK) == soakMinutes > 0,
                "the soak phase needs --soak-minutes > 0");
        boolean paced = run.contains(Phase.LATENCY) || run.contains(Phase.SOAK);
        require(
                !paced || run.contains(Phase.DRAIN) || rate != null,
                "latency and soak need a reference rate: add drain to --phases or pass --rate");
        require(rate == null || rate > 0, "--rate must be positive");
        if (loads != null) {
            loads.forEach(l -> require(l > 0, "--load values must be positive"));
        }
        require(soakLoad > 0, "--soak-load must be positive");
        if (run.contains(Phase.CHAOS)) {
            require(
                    chaosTaskManagers >= 2 && chaosTaskManagers <= p,
                    "--chaos-task-managers must be at least 2 and at most the parallelism ("
                            + p
                            + "), so that losing one always hits the job");
            require(
                    chaosMinutes > 0
                            && chaosFaults >= 0
                            && chaosBrokerRestarts >= 0
                            && chaosSensors >= 1
                            && chaosBrokerDownSeconds >= 0
                            && chaosWarmupSeconds > 0
                            && chaosDrainTimeoutSeconds > 0,
                    "--chaos-* values must be positive (--chaos-faults, --chaos-broker-restarts and"
                            + " --chaos-broker-down-seconds may be 0)");
        }
        require(
                warmupSeconds >= 0
                        && latencySeconds > 0
                        && modelSeconds > 0
                        && soakSampleSeconds > 0,
                "durations must be positive");
        for (String key : jobOverrides.keySet()) {
            require(
                    !PhaseContext.MANAGED_SETTINGS.contains(key),
                    "--set "
                            + key
                            + " is set by the harness (use --parallelism, --delivery; topics, group and model are per phase)");
        }
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(new CommandLine(this), message);
        }
    }

    /** --model, else --untrained (saved to a temporary directory), else models/drsn-cw above here. */
    private Path resolveModel() throws IOException {
        if (modelDir != null && untrained != null) {
            throw new InvalidConfigException("--model and --untrained exclude each other");
        }
        if (modelDir != null) {
            return modelDir.toAbsolutePath();
        }
        if (untrained != null) {
            Path dir = Files.createTempDirectory("bench-untrained-");
            try (ModelArtifact artifact = BenchSupport.untrainedArtifact(untrained)) {
                artifact.save(dir);
            }
            dir.toFile().deleteOnExit();
            dir.resolve(ModelArtifact.METADATA_FILE).toFile().deleteOnExit();
            dir.resolve(ModelArtifact.PARAMETERS_FILE).toFile().deleteOnExit();
            return dir;
        }
        try {
            return BenchSupport.committedModel();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage() + " or --untrained DRSN_CW");
        }
    }

    private static ModelMetadata readMetadata(Path model) throws IOException {
        Path json = model.resolve(ModelArtifact.METADATA_FILE);
        if (!Files.isRegularFile(json)) {
            throw new InvalidConfigException(
                    "Not a model artifact: " + model + " has no " + ModelArtifact.METADATA_FILE);
        }
        try {
            return ModelMetadata.fromJson(Files.readString(json, StandardCharsets.UTF_8));
        } catch (ModelArtifactException e) {
            throw new InvalidConfigException("Invalid model " + model + ": " + e.getMessage());
        }
    }

    /** The ratios the performance report quotes, from whichever phases ran (null: did not run). */
    private static Map<String, Object> ratios(
            ModelOnlyPhase.Result model, KafkaBaselinePhase.Result kafka, DrainPhase.Result drain) {
        Map<String, Object> ratios = new LinkedHashMap<>();
        Double batched = null;
        Double unbatched = null;
        if (model != null) {
            batched = model.atJobBatch().windowsPerSecond();
            for (ModelOnlyPhase.BatchRun r : model.runs()) {
                if (r.batch() == 1) {
                    unbatched = r.windowsPerSecond();
                }
            }
        }
        if (drain != null && batched != null) {
            ratios.put("pipelineDrainOverModelAtJobBatch", drain.windowsPerSecond() / batched);
        }
        if (drain != null && kafka != null) {
            ratios.put(
                    "pipelineDrainOverRawKafka",
                    drain.windowsPerSecond() / kafka.windowsPerSecond());
        }
        if (batched != null && unbatched != null) {
            ratios.put("modelBatchedOverUnbatched", batched / unbatched);
        }
        return ratios;
    }

    private void writeLatencyCsv(Path file, List<PacedPhase.Result> latencies) throws IOException {
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file))) {
            csv.println(
                    "delivery,load,offered_windows_per_s,sensors,measured_windows,complete,"
                            + "p50_ms,p90_ms,p95_ms,p99_ms,p999_ms,max_ms,mean_ms,producer_lateness_p99_ms");
            for (PacedPhase.Result r : latencies) {
                LatencySummary l = r.latency();
                csv.printf(
                        Locale.ROOT,
                        "%s,%s,%.1f,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n",
                        delivery,
                        r.load(),
                        r.fleet().offeredWindowsPerSecond(),
                        r.fleet().sensors(),
                        r.measuredWindows(),
                        r.complete(),
                        l.p50Ms(),
                        l.p90Ms(),
                        l.p95Ms(),
                        l.p99Ms(),
                        l.p999Ms(),
                        l.maxMs(),
                        l.meanMs(),
                        r.producerLateness().p99Ms());
            }
        }
    }

    /**
     * How result files are written: the phases' result records by their component names, NaN
     * where a rate could not be measured, nulls written (a missing label, an empty histogram's
     * mean) except where a field is marked absent when null.
     */
    static Gson resultGson() {
        return new GsonBuilder()
                .setPrettyPrinting()
                .serializeSpecialFloatingPointValues()
                .serializeNulls()
                .create();
    }

    private void write() throws IOException {
        Files.writeString(resultFile, gson.toJson(results), StandardCharsets.UTF_8);
    }
}
