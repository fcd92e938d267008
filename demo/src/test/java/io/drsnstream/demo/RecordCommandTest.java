package io.drsnstream.demo;

import static io.drsnstream.demo.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.RecordedWindows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code drsn-demo record} against a real (in-JVM KRaft) broker. */
class RecordCommandTest {

    private static final String TOPIC = "record-chunks";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static final double RATE = 12_800;
    private static final int CHUNK = 256;

    private static LocalKafkaBroker kafka;

    @TempDir Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafkaBroker.builder().start();
        kafka.createTopics(Map.of(TOPIC, 2));
        SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "record-test");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            List<SensorChunk> chunks = new ArrayList<>();
            for (int seq = 0; seq < 20; seq++) {
                chunks.add(chunk("m1/a", seq, seq));
                if (seq != 10) { // a gap in b
                    chunks.add(chunk("m1/b", seq, seq));
                }
                chunks.add(chunk("m1/c", seq, seq));
            }
            chunks.add(chunk("m1/a", 3, 3)); // a duplicate
            for (SensorChunk c : chunks) {
                send(producer, codec, c);
            }
            producer.commitTransaction();
            // Aborted: four more chunks of a, a sixth window if read_uncommitted.
            producer.beginTransaction();
            for (int seq = 20; seq < 24; seq++) {
                send(producer, codec, chunk("m1/a", seq, seq));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static void send(
            KafkaProducer<byte[], byte[]> producer,
            SingleObjectCodec<SensorChunk> codec,
            SensorChunk c) {
        producer.send(
                new ProducerRecord<>(
                        TOPIC,
                        c.getSensorId().toString().getBytes(StandardCharsets.UTF_8),
                        codec.encode(c)));
    }

    /** Chunk {@code seq}: samples numbered from the sensor's first, starting at slot {@code slot}. */
    private static SensorChunk chunk(String sensor, long seq, int slot) {
        List<Float> samples = new ArrayList<>();
        for (int i = 0; i < CHUNK; i++) {
            samples.add((float) (slot * CHUNK + i));
        }
        return SensorChunk.newBuilder()
                .setMachineId("m1")
                .setSensorId(sensor)
                .setSeq(seq)
                .setStartTime(T0.plusNanos(Math.round(slot * CHUNK * 1e9 / RATE)))
                .setSampleRateHz(RATE)
                .setSamples(samples)
                .setShaftHz(25.0)
                .setLoad(null)
                .build();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void recordsCommittedChunksOfTheChosenSensorsIntoWindowsAsTheJobCutsThem() throws Exception {
        Path out = tmp.resolve("baseline.drsnsim");
        CliRun r =
                run(
                        "record",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        TOPIC,
                        "--sensor",
                        "m1/a,m1/b",
                        "--label",
                        "healthy",
                        "--from",
                        T0.toString(),
                        "--duration",
                        "10s",
                        "--window-length",
                        "1024",
                        "--timeout",
                        "3s",
                        "--out",
                        out.toString(),
                        "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Dataset d = DatasetFile.read(out);
        // a: 20 chunks = 5 windows; b: 10 chunks (2 windows, the rest cut by the gap) + 9 (2).
        assertThat(d.size()).isEqualTo(9);
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.state(i)).isEqualTo(HealthState.HEALTHY);
            assertThat(d.shaftHz()[i]).isEqualTo(25f);
            assertThat(d.loads()[i]).isNaN();
        }
        // Sensor a's windows hold its samples 0..5119 in order.
        for (int w = 0; w < 5; w++) {
            assertThat(d.windows()[w][0]).isEqualTo(w * 1024f);
            assertThat(d.windows()[w][1023]).isEqualTo(w * 1024f + 1023);
        }
        // Sensor b starts afresh after the gap, at chunk 11 (sample 2816).
        assertThat(d.windows()[7][0]).isEqualTo(11 * 256f);
        JsonObject sources =
                JsonParser.parseString(Files.readString(RecordedWindows.sourcesFile(out)))
                        .getAsJsonObject();
        assertThat(sources.getAsJsonArray("windowSensor").get(5).getAsString()).isEqualTo("m1/b");
        JsonObject a = sources.getAsJsonObject("sensors").getAsJsonObject("m1/a");
        assertThat(a.get("duplicateChunks").getAsInt()).isEqualTo(1);
        assertThat(
                        sources.getAsJsonObject("sensors")
                                .getAsJsonObject("m1/b")
                                .get("gaps")
                                .getAsInt())
                .isEqualTo(1);
        assertThat(r.out()).contains("9 windows of 1024 samples at 12800 Hz from 2 sensor(s)");
        assertThat(r.err()).contains("stopped before --to");
    }

    @Test
    void aSpanCutsTheChunksItDoesNotHoldWholly() throws Exception {
        Path out = tmp.resolve("part.drsnsim");
        // From the start of chunk 4 to the end of chunk 11 of sensor a: 8 chunks, 2 windows.
        CliRun r =
                run(
                        "record",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--topic",
                        TOPIC,
                        "--sensor",
                        "m1/a",
                        "--label",
                        "BALL",
                        "--from",
                        T0.plusMillis(80).toString(),
                        "--to",
                        T0.plusMillis(240).toString(),
                        "--window-length",
                        "1024",
                        "--out",
                        out.toString(),
                        "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Dataset d = DatasetFile.read(out);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.windows()[0][0]).isEqualTo(4 * 256f);
        assertThat(d.state(0)).isEqualTo(HealthState.BALL);
    }

    @Test
    void badArgumentsAreOneLine() {
        CliRun r =
                run(
                        "record",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--sensor",
                        "x",
                        "--label",
                        "wobbly",
                        "--from",
                        "now",
                        "--duration",
                        "1s",
                        "--out",
                        tmp.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).contains("unknown label 'wobbly'").doesNotContain("\n");
        r =
                run(
                        "record",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--sensor",
                        "x",
                        "--label",
                        "healthy",
                        "--from",
                        "yesterday",
                        "--duration",
                        "1s",
                        "--out",
                        tmp.resolve("x").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--from: 'yesterday' is not an ISO-8601 instant");
    }
}
