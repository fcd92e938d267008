package io.drsnstream.demo;

import static io.drsnstream.demo.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.testing.RepositoryLayout;
import io.drsnstream.training.TrainingCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A plant's own data, end to end: simulated sensors produced to a real broker, recorded with
 * {@code drsn-demo record}, exported to WAV and CSV as a plant's recorder would give them,
 * imported with {@code drsn-train import}, and the committed model fine-tuned on them; on the
 * held-out last 30 % of every labelled span the fine-tuned model is at least as accurate as the
 * committed one. The files stay in {@code demo/target/own-data-example/}: docs/own-data.md walks
 * through them.
 */
class OwnDataRoundTripTest {

    private static final String TOPIC = "own-data-chunks";

    /** gearbox-01 stays healthy; gearbox-02 is healthy for 8 s, then grows an outer-race fault. */
    private static final double HEALTHY_SECONDS = 8;

    private static final double ONSET_SECONDS = 4;
    private static final double SENSOR_SECONDS = 24;

    @Test
    void recordedExportedImportedAndFineTunedDataDoNotLoseAccuracy() throws Exception {
        Path dir = Path.of("target", "own-data-example").toAbsolutePath();
        Files.createDirectories(dir);
        Path model = RepositoryLayout.committedModel();
        try (LocalKafkaBroker kafka = LocalKafkaBroker.builder().start()) {
            kafka.createTopics(Map.of(TOPIC, 2));
            CliRun produced =
                    run(
                            "produce",
                            "--bootstrap-servers",
                            kafka.bootstrapServers(),
                            "--topic",
                            TOPIC,
                            "--machines",
                            "2",
                            "--sensors",
                            "1",
                            "--speedup",
                            "40",
                            "--noise-snr",
                            "0",
                            "--healthy-seconds",
                            "" + HEALTHY_SECONDS,
                            "--onset-seconds",
                            "" + ONSET_SECONDS,
                            "--sensor-seconds",
                            "" + SENSOR_SECONDS);
            assertThat(produced.exitCode()).as(produced.err()).isZero();
            Instant t0 = firstChunkStart(kafka.bootstrapServers());

            record(
                    kafka,
                    dir.resolve("healthy.drsnsim"),
                    "gearbox-01/acc-1,gearbox-02/acc-1",
                    "HEALTHY",
                    t0,
                    t0.plusMillis((long) (HEALTHY_SECONDS * 1000)),
                    model);
            Instant faultFrom = t0.plusMillis((long) ((HEALTHY_SECONDS + ONSET_SECONDS) * 1000));
            record(
                    kafka,
                    dir.resolve("outer-race.drsnsim"),
                    "gearbox-02/acc-1",
                    "OUTER_RACE",
                    faultFrom,
                    t0.plusMillis((long) (SENSOR_SECONDS * 1000)),
                    model);
        }

        // Export as a plant's recorder would: gearbox-01 as a 24-bit WAV, gearbox-02 (healthy,
        // then the fault) as CSV with a time column.
        Dataset healthy = DatasetFile.read(dir.resolve("healthy.drsnsim"));
        Dataset fault = DatasetFile.read(dir.resolve("outer-race.drsnsim"));
        float[] g1 = concat(healthy, 0, healthy.size() / 2);
        float[] g2healthy = concat(healthy, healthy.size() / 2, healthy.size());
        float[] g2fault = concat(fault, 0, fault.size());
        double rate = healthy.spec().sampleRateHz();
        exportWav(dir.resolve("gearbox-01.wav"), g1, (float) rate);
        exportCsv(dir.resolve("gearbox-02.csv"), g2healthy, g2fault, rate);

        double g1Seconds = g1.length / rate;
        double g2HealthySeconds = g2healthy.length / rate;
        double g2Seconds = (g2healthy.length + g2fault.length) / rate;
        // The first 70 % of every span to train, the last 30 % held out.
        Files.writeString(
                dir.resolve("train.json"),
                manifest(
                        span(0, 0.7 * g1Seconds),
                        span(0, 0.7 * g2HealthySeconds),
                        span(
                                g2HealthySeconds,
                                g2HealthySeconds + 0.7 * (g2Seconds - g2HealthySeconds))));
        Files.writeString(
                dir.resolve("holdout.json"),
                manifest(
                        span(0.7 * g1Seconds, g1Seconds),
                        span(0.7 * g2HealthySeconds, g2HealthySeconds),
                        span(g2HealthySeconds + 0.7 * (g2Seconds - g2HealthySeconds), g2Seconds)));
        train(
                "import",
                "--manifest",
                dir.resolve("train.json").toString(),
                "--model",
                model.toString(),
                "--out",
                dir.resolve("train.drsnsim").toString());
        train(
                "import",
                "--manifest",
                dir.resolve("holdout.json").toString(),
                "--model",
                model.toString(),
                "--out",
                dir.resolve("holdout.drsnsim").toString());
        Dataset holdout = DatasetFile.read(dir.resolve("holdout.drsnsim"));
        assertThat(holdout.size()).isGreaterThan(30);

        Path tuned = dir.resolve("drsn-cw-plant");
        train(
                "train",
                "--init",
                model.toString(),
                "--freeze-units",
                "4",
                "--data",
                dir.resolve("train.drsnsim").toString(),
                "--sim-ratio",
                "1",
                "--epochs",
                "3",
                "--lr",
                "0.01",
                "--batch",
                "32",
                "--holdout",
                "0.1",
                "--eval-snrs",
                "0",
                "--no-progress",
                "--version",
                "drsn-cw-plant",
                "--out",
                tuned.toString());

        double base = accuracy(model, holdout);
        double fineTuned = accuracy(tuned, holdout);
        System.out.printf(
                Locale.ROOT,
                "own-data round trip: %d held-out windows, committed model %.3f, fine-tuned %.3f%n",
                holdout.size(),
                base,
                fineTuned);
        assertThat(fineTuned).isGreaterThanOrEqualTo(base);
        String json = Files.readString(tuned.resolve("model.json"));
        assertThat(json).contains("\"parent\"").contains("\"recorded\"").contains("gearbox-02.csv");
        com.google.gson.JsonObject states =
                com.google.gson.JsonParser.parseString(json)
                        .getAsJsonObject()
                        .getAsJsonObject("training")
                        .getAsJsonObject("data")
                        .getAsJsonObject("states");
        int trainWindows = DatasetFile.read(dir.resolve("train.drsnsim")).size();
        assertThat(states.get("HEALTHY").getAsInt() + states.get("OUTER_RACE").getAsInt())
                .isEqualTo(trainWindows);
    }

    private static String span(double from, double to) {
        return String.format(Locale.ROOT, "%.4f,%.4f", from, to);
    }

    /** The manifest: gearbox-01.wav healthy, gearbox-02.csv healthy then outer race. */
    private static String manifest(String g1, String g2healthy, String g2fault) {
        String[] a = g1.split(",");
        String[] h = g2healthy.split(",");
        String[] f = g2fault.split(",");
        return """
                {"recordings": [
                  {"file": "gearbox-01.wav", "sensors": ["gearbox-01/acc-1"], "unit": "g",
                   "machine": "gearbox-01", "speedHz": 25, "load": 0.5,
                   "labels": [{"from": %s, "to": %s, "label": "HEALTHY"}]},
                  {"file": "gearbox-02.csv", "sampleRateHz": 12800, "sensors": ["gearbox-02/acc-1"],
                   "unit": "g", "machine": "gearbox-02", "speedHz": 35, "load": 0.5,
                   "labels": [{"from": %s, "to": %s, "label": "HEALTHY"},
                              {"from": %s, "to": %s, "label": "OUTER_RACE"}]}
                ]}
                """
                .formatted(a[0], a[1], h[0], h[1], f[0], f[1]);
    }

    private static void record(
            LocalKafkaBroker kafka,
            Path out,
            String sensors,
            String label,
            Instant from,
            Instant to,
            Path model) {
        CliRun r =
                run(
                        "record",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        TOPIC,
                        "--sensor",
                        sensors,
                        "--label",
                        label,
                        "--from",
                        from.toString(),
                        "--to",
                        to.toString(),
                        "--model",
                        model.toString(),
                        "--timeout",
                        "5s",
                        "--out",
                        out.toString(),
                        "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static void train(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.print(out);
        assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
    }

    private static Instant firstChunkStart(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        Instant first = null;
        try (KafkaConsumer<byte[], byte[]> c =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts =
                    List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int seen = 0;
            while (seen < 20 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    SensorChunk chunk = codec.decode(r.value());
                    if (chunk.getSeq() == 0
                            && (first == null || chunk.getStartTime().isBefore(first))) {
                        first = chunk.getStartTime();
                    }
                    seen++;
                }
            }
        }
        assertThat(first).as("a first chunk on " + TOPIC).isNotNull();
        return first;
    }

    private static float[] concat(Dataset d, int from, int to) {
        int length = d.spec().windowLength();
        float[] out = new float[(to - from) * length];
        for (int i = from; i < to; i++) {
            System.arraycopy(d.windows()[i], 0, out, (i - from) * length, length);
        }
        return out;
    }

    /** 24-bit PCM at full scale, written by the JDK's own WAV writer. */
    private static void exportWav(Path file, float[] samples, float rate) throws Exception {
        float peak = 0;
        for (float s : samples) {
            peak = Math.max(peak, Math.abs(s));
        }
        ByteBuffer b = ByteBuffer.allocate(3 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            int q = Math.round(s / peak * 8_388_607f);
            b.put((byte) q).put((byte) (q >> 8)).put((byte) (q >> 16));
        }
        AudioFormat format = new AudioFormat(rate, 24, 1, true, false);
        try (AudioInputStream in =
                new AudioInputStream(new ByteArrayInputStream(b.array()), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    private static void exportCsv(Path file, float[] healthy, float[] fault, double rate)
            throws Exception {
        StringBuilder sb = new StringBuilder("time_s,gearbox-02/acc-1\n");
        int i = 0;
        for (float[] part : new float[][] {healthy, fault}) {
            for (float s : part) {
                sb.append(String.format(Locale.ROOT, "%.6f", i++ / rate))
                        .append(',')
                        .append(s)
                        .append('\n');
            }
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static double accuracy(Path modelDir, Dataset data) throws Exception {
        try (ModelArtifact artifact = ModelArtifact.load(modelDir, ai.djl.Device.cpu());
                Scorer scorer = artifact.newScorer()) {
            List<ScoreResult> results = scorer.score(data.windows());
            int hits = 0;
            for (int i = 0; i < results.size(); i++) {
                hits += results.get(i).classIndex() == data.labels()[i] ? 1 : 0;
            }
            return (double) hits / results.size();
        }
    }
}
