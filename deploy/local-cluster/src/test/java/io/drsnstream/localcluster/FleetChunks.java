package io.drsnstream.localcluster;

import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.SensorChunks;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.SimulatedChunk;
import io.drsnstream.sim.Timeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A simulated fleet's chunks on the chunks topic: sensors of both health states in event-time
 * order, as the Avro records the job reads, and the one-chunk-per-partition flush that moves
 * every partition's watermark past them.
 */
final class FleetChunks implements AutoCloseable {

    static final double RATE = 12_800.0;
    static final int CHUNK = 256;

    /** Chunks per window of the committed model (2048 samples). */
    static final int WINDOW_CHUNKS = 2048 / CHUNK;

    static final long T0_MICROS = 1_764_000_000_000_000L;

    private final KafkaProducer<byte[], byte[]> producer;
    private final SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
    private final String topic;

    FleetChunks(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /**
     * {@code windows} windows of chunks for each of {@code sensors} sensors named
     * {@code prefix-sensor-N}, from {@code startMicros}, merged in event-time order.
     */
    static List<SensorChunk> fleet(String prefix, int sensors, int windows, long startMicros) {
        List<SensorChunk> all = new ArrayList<>();
        for (int s = 0; s < sensors; s++) {
            HealthState state = s % 2 == 0 ? HealthState.HEALTHY : HealthState.BALL;
            SensorStream stream =
                    SensorStream.builder("m" + s, prefix + "-sensor-" + s)
                            .seed(300 + s)
                            .sampleRateHz(RATE)
                            .chunkSize(CHUNK)
                            .startTimeMicros(startMicros)
                            .timeline(
                                    Timeline.constant(
                                            state, state == HealthState.HEALTHY ? 0.0 : 0.8))
                            .build();
            for (int i = 0; i < windows * WINDOW_CHUNKS; i++) {
                all.add(toAvro(stream.next()));
            }
        }
        all.sort(
                Comparator.comparing(SensorChunk::getStartTime)
                        .thenComparing(SensorChunk::getSensorId));
        return all;
    }

    /** The window ids ({@code sensorId#firstSeq}) that {@code chunks} fill completely. */
    static List<String> windowIds(List<SensorChunk> chunks) {
        List<String> ids = new ArrayList<>();
        for (SensorChunk chunk : chunks) {
            if (chunk.getSeq() % WINDOW_CHUNKS == 0) {
                ids.add(chunk.getSensorId() + "#" + chunk.getSeq());
            }
        }
        ids.sort(null);
        return ids;
    }

    static boolean isFlush(String sensorId) {
        return sensorId.startsWith("watermark-flush-");
    }

    /** Sends in order and waits for every acknowledgement. */
    void send(List<SensorChunk> chunks) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (SensorChunk chunk : chunks) {
            sent.add(
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    chunk.getSensorId().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(chunk))));
        }
        producer.flush();
        for (Future<RecordMetadata> result : sent) {
            result.get();
        }
    }

    /** One chunk per partition at {@code atMicros}: the watermarks pass everything before it. */
    void flush(int partitions, long atMicros) throws Exception {
        for (int p = 0; p < partitions; p++) {
            SensorChunk chunk = SensorChunks.watermarkFlush("flush", p, atMicros, RATE);
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    p,
                                    chunk.getSensorId().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(chunk)))
                    .get();
        }
    }

    private static SensorChunk toAvro(SimulatedChunk chunk) {
        return SensorChunks.builder(
                        chunk.machineId(),
                        chunk.sensorId(),
                        chunk.seq(),
                        chunk.startTimeMicros(),
                        chunk.sampleRateHz(),
                        chunk.samples())
                .setShaftHz(chunk.shaftHz())
                .setLoad(chunk.load())
                .build();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
