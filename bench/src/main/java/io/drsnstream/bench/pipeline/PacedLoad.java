package io.drsnstream.bench.pipeline;

import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A fleet of sensors sending in real time: each chunk is produced at the wall-clock time of its
 * last sample, so event time and wall time are one clock ({@link MonotonicClock}) and a window's
 * latency is simply the time its score became readable minus its {@code windowEnd}.
 *
 * <p>Sensor {@code s} starts {@code s / sensors} of a chunk duration after the origin, so that
 * sends are spread evenly instead of arriving in bursts of one chunk per sensor.
 */
public final class PacedLoad {

    /** The fleet's shape: the {@code fleet} of a paced run's result (component names are its field names). */
    public record Fleet(
            int sensors,
            int chunkSamples,
            int windowLength,
            int hop,
            double offeredWindowsPerSecond) {}

    private final ChunkFactory factory;
    private final int partitions;
    private final long originMicros;
    private final int windowLength;
    private final int hop;
    private final long chunkMicros;

    /**
     * @param factory the fleet
     * @param partitions chunk topic partitions; sensor s goes to partition s mod partitions
     * @param originMicros first sample of sensor 0
     * @param windowLength samples per window (the model's)
     * @param hop samples between window starts (the job's window.hop)
     */
    public PacedLoad(
            ChunkFactory factory, int partitions, long originMicros, int windowLength, int hop) {
        this.factory = factory;
        this.partitions = partitions;
        this.originMicros = originMicros;
        this.windowLength = windowLength;
        this.hop = hop;
        this.chunkMicros = factory.micros(factory.chunkSamples());
    }

    /** First sample of a sensor. */
    public long sensorOriginMicros(int sensor) {
        return originMicros + chunkMicros * sensor / factory.sensors();
    }

    /** When chunk {@code seq} of a sensor is sent: when its last sample exists. */
    public long sendMicros(int sensor, long seq) {
        return factory.chunkStartMicros(sensorOriginMicros(sensor), seq + 1);
    }

    /** The {@code windowEnd} the job gives window {@code j} of a sensor (exclusive end). */
    public long windowEndMicros(int sensor, long j) {
        return sensorOriginMicros(sensor) + factory.micros(j * hop + windowLength);
    }

    /** How many windows of the whole fleet end in {@code [fromMicros, toMicros]}. */
    public long windowsEndingIn(long fromMicros, long toMicros) {
        long total = 0;
        for (int s = 0; s < factory.sensors(); s++) {
            for (long j = 0; ; j++) {
                long end = windowEndMicros(s, j);
                if (end > toMicros) {
                    break;
                }
                if (end >= fromMicros) {
                    total++;
                }
            }
        }
        return total;
    }

    /** How many chunks of a sensor {@link #produce} sends when it stops at {@code stopMicros}. */
    public long chunksDueBy(int sensor, long stopMicros) {
        long seq = 0;
        while (sendMicros(sensor, seq) <= stopMicros) {
            seq++;
        }
        return seq;
    }

    /** How many whole windows a sensor's first {@code chunks} chunks hold. */
    public long windowsIn(long chunks) {
        long samples = chunks * factory.chunkSamples();
        return samples < windowLength ? 0 : (samples - windowLength) / hop + 1;
    }

    /**
     * Which window of a sensor starts at {@code windowStartMicros} (a score's {@code
     * windowStart}): its index, counted from the sensor's first; -1 when none of its windows
     * starts there (to within half a sample, as the job rounds).
     */
    public long windowIndex(int sensor, long windowStartMicros) {
        long offset = windowStartMicros - sensorOriginMicros(sensor);
        long index = Math.round(offset / (double) factory.micros(hop));
        if (index < 0
                || Math.abs(factory.micros(index * hop) - offset) > factory.micros(1) / 2 + 1) {
            return -1;
        }
        return index;
    }

    /** Offered windows per second of the fleet. */
    public double windowsPerSecond() {
        return factory.sensors() * 1e6 / factory.micros(hop);
    }

    /**
     * Produces on the calling thread, on schedule, every chunk due up to {@code stopMicros}.
     *
     * @param lateness records how late each send was against its schedule, in ms: if the
     *     producer itself falls behind, the latencies measure the producer, not the pipeline
     * @return chunks sent
     */
    public long produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            long stopMicros,
            Histogram lateness,
            java.util.function.BooleanSupplier stop)
            throws InterruptedException {
        return produce(producer, topic, () -> stopMicros, lateness, stop);
    }

    /**
     * The same with a stop time that may be set while producing (the chaos phase's, known once the
     * pipeline is up): every chunk due up to it is sent, as long as it is set before they are due.
     */
    public long produce(
            KafkaProducer<byte[], byte[]> producer,
            String topic,
            java.util.function.LongSupplier stopMicros,
            Histogram lateness,
            java.util.function.BooleanSupplier stop)
            throws InterruptedException {
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        for (long seq = 0; ; seq++) {
            for (int s = 0; s < factory.sensors(); s++) {
                long due = sendMicros(s, seq);
                if (due > stopMicros.getAsLong() || stop.getAsBoolean()) {
                    return sent;
                }
                MonotonicClock.sleepUntil(due);
                // Not negative after sleeping until then, but for clock jitter.
                lateness.recordValue(Math.max(0, (MonotonicClock.nowMicros() - due) / 1_000L));
                long start = factory.chunkStartMicros(sensorOriginMicros(s), seq);
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                s % partitions,
                                factory.key(s),
                                factory.encode(s, seq, start)),
                        (metadata, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                sent++;
                if (failure.get() != null) {
                    throw new IllegalStateException(
                            "Producing chunks failed: " + failure.get(), failure.get());
                }
            }
        }
    }

    /** The fleet's shape, for result files. */
    public Fleet describe() {
        return new Fleet(
                factory.sensors(), factory.chunkSamples(), windowLength, hop, windowsPerSecond());
    }
}
