package io.drsnstream.bench;

import io.drsnstream.job.chunk.ChunkDecoder;
import io.drsnstream.job.chunk.ChunkDeserializationSchema;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.chunk.ChunkValidator;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.SensorChunks;
import io.drsnstream.schemas.Topics;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.SensorStream;
import io.drsnstream.sim.SimulatedChunk;
import io.drsnstream.sim.Timeline;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Records per second of the job's input path for one simulated {@code SensorChunk} of
 * {@code samples} samples (256 by default, about 1.1 KB on the wire):
 * <ul>
 *   <li>{@code decode}: {@link SingleObjectCodec} bytes to the generated Avro record;</li>
 *   <li>{@code toFloats}: the conversion of a decoded record to the job's {@link ChunkRecord},
 *       whose {@code float[]} replaces Avro's boxed {@code List<Float>};</li>
 *   <li>{@code decodeToFloats}: both, what each chunk cost before validation until the job had
 *       its own reader;</li>
 *   <li>{@code chunkDecoder}: the job's {@link ChunkDecoder}, which reads the same bytes straight
 *       into a {@link ChunkRecord}, the samples in bulk;</li>
 *   <li>{@code sourceDeserializer}: the job's {@link ChunkDeserializationSchema} on a Kafka
 *       {@code ConsumerRecord}: decode (with the {@link ChunkDecoder}) and validate, exactly as in
 *       the Kafka source.</li>
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Thread)
public class AvroDecodeBenchmark {

    @Param({"256"})
    public int samples;

    private final SingleObjectCodec<SensorChunk> codec = SingleObjectCodec.sensorChunks();
    private byte[] payload;
    private SensorChunk decoded;
    private SourceCoordinates source;
    private ChunkDeserializationSchema deserializer;
    private final ChunkDecoder chunkDecoder = new ChunkDecoder();
    private ConsumerRecord<byte[], byte[]> record;
    private final BlackholeCollector sink = new BlackholeCollector();

    @Setup(Level.Trial)
    public void setUp() throws PayloadDecodingException {
        SensorStream stream =
                SensorStream.builder("machine-1", "machine-1/sensor-1")
                        .seed(11)
                        .sampleRateHz(BenchSupport.SAMPLE_RATE_HZ)
                        .chunkSize(samples)
                        .startTimeMicros(1_764_000_000_000_000L)
                        .timeline(Timeline.constant(HealthState.OUTER_RACE, 0.5))
                        .build();
        SimulatedChunk simulated = stream.next();
        payload =
                codec.encode(
                        SensorChunks.builder(
                                        simulated.machineId(),
                                        simulated.sensorId(),
                                        simulated.seq(),
                                        simulated.startTimeMicros(),
                                        simulated.sampleRateHz(),
                                        simulated.samples())
                                .setShaftHz(simulated.shaftHz())
                                .setLoad(simulated.load())
                                .build());
        decoded = codec.decode(payload);
        byte[] key = simulated.sensorId().getBytes(StandardCharsets.UTF_8);
        source =
                new SourceCoordinates(
                        Topics.SENSOR_CHUNKS, 0, 42L, System.currentTimeMillis(), key);
        record = new ConsumerRecord<>(Topics.SENSOR_CHUNKS, 0, 42L, key, payload);
        // The job's own limits: the model's sample rate and the default chunk.max-samples.
        deserializer =
                new ChunkDeserializationSchema(
                        new ChunkValidator(BenchSupport.SAMPLE_RATE_HZ, 65_536));
        System.out.println("# payload " + payload.length + " bytes for " + samples + " samples");
    }

    @Benchmark
    public SensorChunk decode() throws PayloadDecodingException {
        return codec.decode(payload);
    }

    @Benchmark
    public float[] toFloats() {
        return ChunkRecord.fromAvro(decoded, source).samples;
    }

    @Benchmark
    public float[] decodeToFloats() throws PayloadDecodingException {
        return ChunkRecord.fromAvro(codec.decode(payload), source).samples;
    }

    @Benchmark
    public float[] chunkDecoder() throws PayloadDecodingException {
        return chunkDecoder.decode(payload, source).samples;
    }

    @Benchmark
    public void sourceDeserializer(Blackhole blackhole) {
        sink.blackhole = blackhole;
        deserializer.deserialize(record, sink);
    }

    /** The source's collector; one instance, so that the benchmark allocates nothing of its own. */
    private static final class BlackholeCollector implements Collector<Inbound<ChunkRecord>> {
        Blackhole blackhole;

        @Override
        public void collect(Inbound<ChunkRecord> inbound) {
            blackhole.consume(inbound);
        }

        @Override
        public void close() {}
    }
}
