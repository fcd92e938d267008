package io.drsnstream.demo;

import static io.drsnstream.job.config.ScoringJobOptions.BOOTSTRAP_SERVERS;
import static io.drsnstream.job.config.ScoringJobOptions.CHECKPOINT_INTERVAL;
import static io.drsnstream.job.config.ScoringJobOptions.IDLENESS;
import static io.drsnstream.job.config.ScoringJobOptions.MODEL_DIR;
import static io.drsnstream.job.config.ScoringJobOptions.OUT_OF_ORDERNESS;
import static io.drsnstream.job.config.ScoringJobOptions.PARALLELISM;
import static io.drsnstream.job.config.ScoringJobOptions.SCORING_DEVICE;
import static io.drsnstream.job.config.ScoringJobOptions.STARTING_OFFSETS;

import io.drsnstream.demo.fleet.FleetProducer;
import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.demo.fleet.SimulatedFleet;
import io.drsnstream.demo.view.AlertBoard;
import io.drsnstream.demo.view.ConsoleTable;
import io.drsnstream.demo.view.ScoreBoard;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.JobEnvironment;
import io.drsnstream.job.ScoringJob;
import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.config.AnomalyThreshold;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.kafka.LoopbackPorts;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.Topics;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The whole of drsn-stream on one machine, all on 127.0.0.1: a KRaft Kafka broker, a Flink
 * MiniCluster with its web UI running the scoring job with the committed model, a simulated
 * fleet producing to {@code sensor-chunks}, and a live view of {@code sensor-scores} and of the
 * job's alerts on {@code sensor-alerts}.
 *
 * <p>{@link #close()} stops everything and deletes the temporary data; it is idempotent and is
 * also what Ctrl-C runs.
 */
public final class LocalDemo implements AutoCloseable {

    /** What the demo runs. */
    public record Options(
            int machines,
            int sensorsPerMachine,
            double speedup,
            SimulatedFleet.Script script,
            int webUiPort,
            Path modelDir,
            boolean ansi,
            PrintStream out) {}

    private final Options options;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final SingleObjectCodec<ScoredWindow> scoresCodec = SingleObjectCodec.scoredWindows();
    private final SingleObjectCodec<SensorAlert> alertsCodec = SingleObjectCodec.sensorAlerts();

    private Path workDir;
    private LocalKafkaBroker kafka;
    private JobClient job;
    private FleetProducer producer;
    private SensorClock clock;
    private ScoreBoard board;
    private AlertBoard alerts;
    private SimulatedFleet fleet;
    private AnomalyThreshold threshold;
    private AlertPolicy alertPolicy;
    private volatile boolean viewing = true;

    /** Alert events already printed as lines (plain mode), over every {@link #runFor} call. */
    private int alertEventsPrinted;

    public LocalDemo(Options options) {
        this.options = options;
    }

    /** Starts every part; on failure, stops what was started and rethrows. */
    public LocalDemo start() throws Exception {
        try {
            LoopbackPorts.requireFree(options.webUiPort(), "Flink web UI");
            workDir = Files.createTempDirectory("drsn-demo-");
            log("Starting Kafka (KRaft, in this JVM) on 127.0.0.1 ...");
            kafka = LocalKafkaBroker.builder().dataDir(workDir.resolve("kafka")).start();
            kafka.createTopics(
                    Map.of(
                            Topics.SENSOR_CHUNKS,
                            4,
                            Topics.SENSOR_SCORES,
                            2,
                            Topics.DEAD_LETTERS,
                            1,
                            Topics.SENSOR_ALERTS,
                            2,
                            Topics.SENSOR_ALERT_CONFIG,
                            1,
                            Topics.MODEL_CONTROL,
                            1,
                            Topics.MODEL_STATUS,
                            1,
                            Topics.SENSOR_SCORES_SHADOW,
                            2));
            log("Starting Flink (MiniCluster) with the scoring job ...");
            job = startJob();
            clock = SensorClock.startingNow(options.speedup());
            fleet =
                    new SimulatedFleet(
                            options.machines(),
                            options.sensorsPerMachine(),
                            options.script(),
                            clock.startMicros(),
                            7);
            board = new ScoreBoard(clock);
            alerts = new AlertBoard(clock);
            producer =
                    new FleetProducer(
                            fleet,
                            clock,
                            kafka.bootstrapServers(),
                            Topics.SENSOR_CHUNKS,
                            Double.POSITIVE_INFINITY);
            startThread("drsn-demo-fleet", producer);
            startThread("drsn-demo-view", this::readScoresAndAlerts);
            printWelcome();
            return this;
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private JobClient startJob() throws Exception {
        Configuration flink = new Configuration();
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "127.0.0.1");
        flink.set(RestOptions.PORT, options.webUiPort());
        flink.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        flink.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        flink.set(TaskManagerOptions.HOST, "127.0.0.1");
        flink.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        flink.set(CoreOptions.TMP_DIRS, workDir.resolve("flink-tmp").toString());
        // Checkpoints to files, not JobManager memory (5 MB per state handle: a few hundred
        // sensors' partial windows exceed it), as a deployment would configure them.
        flink.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                workDir.resolve("checkpoints").toUri().toString());
        Map<String, String> settings = new HashMap<>();
        settings.put(BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        settings.put(MODEL_DIR.key(), options.modelDir().toString());
        settings.put(STARTING_OFFSETS.key(), "earliest");
        settings.put(CHECKPOINT_INTERVAL.key(), "1 s");
        settings.put(OUT_OF_ORDERNESS.key(), "200 ms");
        settings.put(IDLENESS.key(), "2 s");
        settings.put(PARALLELISM.key(), "2");
        settings.put(SCORING_DEVICE.key(), "auto");
        ScoringJobConfig config = ScoringJobConfig.fromMap(settings);
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata model = plan.model();
        threshold = plan.threshold();
        alertPolicy = plan.alertPolicy();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        JobEnvironment.configure(env, config);
        ScoringJob.build(env, plan);
        JobClient client = env.executeAsync("drsn-stream demo (" + model.version() + ")");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The scoring job did not start within 60 s");
            }
            Thread.sleep(100);
        }
        return client;
    }

    /**
     * Reads both topics the job writes, as any consumer of them would: committed records only,
     * so the view never shows a score or an alert that a failure rolls back.
     */
    private void readScoresAndAlerts() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "drsn-demo-view");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.SENSOR_SCORES, Topics.SENSOR_ALERTS));
            while (!closed.get()) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(Topics.SENSOR_ALERTS)) {
                        alerts.update(record.value(), alertsCodec);
                    } else {
                        board.update(record.value(), scoresCodec, System.currentTimeMillis());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Redraws the view every second until {@code duration} has passed (or forever if null). */
    public void runFor(Duration duration) throws InterruptedException {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        ConsoleTable table = new ConsoleTable(options.out(), options.ansi());
        while (viewing && !closed.get() && System.nanoTime() < end) {
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            if (options.ansi()) {
                table.draw(board, alerts, header(), truthBySensor());
            } else {
                List<SensorAlert> events = alerts.events();
                for (; alertEventsPrinted < events.size(); alertEventsPrinted++) {
                    log("ALERT " + ConsoleTable.eventLine(events.get(alertEventsPrinted), alerts));
                }
            }
        }
        if (!options.ansi()) {
            table.draw(
                    board,
                    alerts,
                    List.of("Final state after " + board.windowsSeen() + " scored windows:"),
                    truthBySensor());
        }
    }

    private List<String> header() {
        double seconds = clock.secondsSinceStart(clock.sensorTimeMicros());
        return List.of(
                "drsn-stream demo: "
                        + fleet.sensors().size()
                        + " sensors at 12.8 kHz, sensor time "
                        + String.format("%.0f s (x%.1f)", seconds, options.speedup())
                        + ", "
                        + board.windowsSeen()
                        + " windows scored, "
                        + producer.chunksSent()
                        + " chunks sent",
                "Flink web UI: http://127.0.0.1:"
                        + options.webUiPort()
                        + "   Kafka: "
                        + kafka.bootstrapServers()
                        + "   Ctrl-C stops everything",
                "Script: healthy for "
                        + options.script().healthySeconds()
                        + " s, then each machine's fault grows over "
                        + options.script().onsetSeconds()
                        + " s; "
                        + noise()
                        + "; anomaly threshold "
                        + threshold.value());
    }

    private String noise() {
        return Double.isFinite(options.script().noiseSnrDb())
                ? "noise at " + options.script().noiseSnrDb() + " dB SNR on every sensor"
                : "no added noise";
    }

    private Map<String, String> truthBySensor() {
        double now = clock.secondsSinceStart(clock.sensorTimeMicros());
        Map<String, String> truth = new HashMap<>();
        for (SimulatedFleet.Sensor sensor : fleet.sensors()) {
            truth.put(
                    sensor.sensorId(),
                    now < sensor.onsetAtSeconds() ? "HEALTHY" : sensor.fault().name());
        }
        return truth;
    }

    private void printWelcome() {
        log("");
        log("drsn-stream demo is running.");
        log(
                "  Flink web UI:   http://127.0.0.1:"
                        + options.webUiPort()
                        + "  (the job graph, checkpoints, metrics "
                        + "such as windowsScored, inferenceLatencyMs and deadLetters.<REASON>)");
        log(
                "  Kafka:          "
                        + kafka.bootstrapServers()
                        + "  topics "
                        + Topics.SENSOR_CHUNKS
                        + ", "
                        + Topics.SENSOR_SCORES
                        + ", "
                        + Topics.DEAD_LETTERS
                        + ", "
                        + Topics.SENSOR_ALERTS);
        log(
                "  Fleet:          "
                        + options.machines()
                        + " machines x "
                        + options.sensorsPerMachine()
                        + " sensors at "
                        + speeds()
                        + "; gearbox-01 stays healthy, the others develop a fault after "
                        + options.script().healthySeconds()
                        + " s of sensor time; "
                        + noise()
                        + " from the start");
        log("  Threshold:      " + threshold);
        log(
                "  Watch the table: a row turns red when its window's anomaly score reaches "
                        + threshold.value()
                        + "; the job raises an alert");
        log(
                "  on "
                        + Topics.SENSOR_ALERTS
                        + " when "
                        + alertPolicy.raiseWindows()
                        + " of a sensor's last "
                        + alertPolicy.windowCount()
                        + " windows were anomalies, clears it when "
                        + alertPolicy.clearWindows()
                        + " were healthy (open at least "
                        + alertPolicy.minAlertDuration().toSeconds()
                        + " s), and ends it");
        log(
                "  with NO_DATA after "
                        + alertPolicy.noDataTimeout().toSeconds()
                        + " s of silence; the 'alert' column shows each sensor's (times in sensor"
                        + " seconds).");
        log(
                "  The alerts from another terminal: java -jar demo/target/drsn-stream-demo.jar"
                        + " tail --bootstrap-servers "
                        + kafka.bootstrapServers()
                        + " --topic "
                        + Topics.SENSOR_ALERTS
                        + " --from-beginning");
        log(
                "  A new model while it runs: java -jar demo/target/drsn-stream-demo.jar model deploy"
                        + " --bootstrap-servers "
                        + kafka.bootstrapServers()
                        + " --location models/resnet-baseline; the version is the last column of"
                        + " tail --topic "
                        + Topics.SENSOR_SCORES
                        + ", and model status shows each subtask's answer.");
        log("  Ctrl-C stops everything and removes the temporary data.");
        log("");
    }

    private String speeds() {
        return fleet.sensors().stream()
                .map(s -> s.machineId() + " " + s.shaftHz() + " Hz")
                .distinct()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    public ScoreBoard board() {
        return board;
    }

    /** The job's alerts, as read from {@code sensor-alerts}. */
    public AlertBoard alerts() {
        return alerts;
    }

    public SimulatedFleet fleet() {
        return fleet;
    }

    /** The broker's port (for checks that it was released). */
    public int kafkaPort() {
        return kafka == null ? -1 : kafka.brokerPort();
    }

    private void startThread(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        viewing = false;
        if (producer != null) {
            producer.close();
        }
        if (job != null) {
            try {
                job.cancel().get();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!job.getJobStatus().get().isGloballyTerminalState()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
            } catch (Exception e) {
                // The MiniCluster may already be gone; nothing left to cancel.
            }
        }
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (kafka != null) {
            kafka.close();
        }
        deleteQuietly(workDir);
    }

    private void log(String line) {
        options.out().println(line);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: it is a temp dir.
        }
    }
}
