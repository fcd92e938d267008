package io.drsnstream.demo.fleet;

import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.SensorChunks;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.SimulatedChunk;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a fleet's chunks to Kafka paced by a {@link SensorClock}: a chunk goes out once the
 * clock has passed its last sample, as a real sensor gateway would send it.
 */
public final class FleetProducer implements Runnable, AutoCloseable {

    private final SimulatedFleet fleet;
    private final SensorClock clock;
    private final String topic;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong chunksSent = new AtomicLong();
    private final double stopAtSensorSeconds;

    /**
     * @param stopAtSensorSeconds stop after this much sensor time (infinite: until {@link #close})
     */
    public FleetProducer(
            SimulatedFleet fleet,
            SensorClock clock,
            String bootstrapServers,
            String topic,
            double stopAtSensorSeconds) {
        this(fleet, clock, bootstrapOnly(bootstrapServers), topic, stopAtSensorSeconds);
    }

    /**
     * @param clientProperties bootstrap servers and any other client settings (e.g. credentials)
     * @param stopAtSensorSeconds stop after this much sensor time (infinite: until {@link #close})
     */
    public FleetProducer(
            SimulatedFleet fleet,
            SensorClock clock,
            Properties clientProperties,
            String topic,
            double stopAtSensorSeconds) {
        this.fleet = fleet;
        this.clock = clock;
        this.topic = topic;
        this.stopAtSensorSeconds = stopAtSensorSeconds;
        Properties props = new Properties();
        props.putAll(clientProperties);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "drsn-demo-fleet");
        this.producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void run() {
        var sensors = fleet.sensors();
        SimulatedChunk[] next = new SimulatedChunk[sensors.size()];
        for (int i = 0; i < next.length; i++) {
            next[i] = sensors.get(i).stream().next();
        }
        while (running.get()) {
            long nowMicros = clock.sensorTimeMicros();
            boolean sentAny = false;
            boolean allDone = true;
            for (int i = 0; i < next.length; i++) {
                SimulatedChunk chunk = next[i];
                double chunkEndSeconds = clock.secondsSinceStart(endMicros(chunk));
                if (chunkEndSeconds > stopAtSensorSeconds) {
                    continue;
                }
                allDone = false;
                if (endMicros(chunk) <= nowMicros) {
                    SensorChunk record = toAvro(chunk);
                    producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    record.getSensorId().getBytes(StandardCharsets.UTF_8),
                                    codec.encode(record)));
                    chunksSent.incrementAndGet();
                    next[i] = sensors.get(i).stream().next();
                    sentAny = true;
                }
            }
            if (allDone) {
                break;
            }
            if (!sentAny) {
                producer.flush();
                sleepQuietly(2);
            }
        }
        producer.flush();
    }

    private static Properties bootstrapOnly(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** The chunk as the {@code sensor-chunks} topic carries it. */
    static SensorChunk toAvro(SimulatedChunk chunk) {
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

    private static long endMicros(SimulatedChunk chunk) {
        return chunk.startTimeMicros()
                + (long) Math.floor(chunk.samples().length * 1e6 / chunk.sampleRateHz());
    }

    public long chunksSent() {
        return chunksSent.get();
    }

    @Override
    public void close() {
        running.set(false);
        producer.close(Duration.ofSeconds(5));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
