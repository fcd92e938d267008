package io.drsnstream.bench;

import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.job.window.SampleWindow;
import io.drsnstream.job.window.WindowAssembler;
import io.drsnstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chunks per second through the job's {@link WindowAssembler}, without the model, inside Flink's
 * {@link KeyedOneInputStreamOperatorTestHarness}: the real keyed operator, heap keyed state
 * (the job's default backend), the event-time timer service and the output collector, but no
 * network shuffle, serialization between tasks or checkpoints.
 *
 * <p>One invocation feeds one window's worth of chunks of every sensor, interleaved in event-time
 * order as a fleet sends them, with a watermark trailing the newest chunk by
 * {@code outOfOrdernessMillis} after each round of one chunk per sensor (the job emits watermarks
 * every 200 ms of processing time; per round is more often, so timer work is not understated).
 * The stream of each sensor continues across invocations, so state holds the pending chunks
 * of a running job. Results: {@code score:chunks} (the figure to report) and
 * {@code score:windows}, both per second; the primary score counts invocations.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
@State(Scope.Thread)
public class WindowAssemblerBenchmark {

    private static final int WINDOW = 2048;
    private static final long T0_MICROS = 1_764_000_000_000_000L;

    @Param({"200"})
    public int sensors;

    @Param({"256"})
    public int chunkSamples;

    /** The job's default out-of-orderness bound. */
    @Param({"500"})
    public long outOfOrdernessMillis;

    private KeyedOneInputStreamOperatorTestHarness<String, ChunkRecord, SampleWindow> harness;
    private String[] sensorIds;
    private String[] machineIds;
    private byte[][] keys;
    private float[][] samples;
    private long nextSeq;
    private int roundsPerInvocation;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (WINDOW % chunkSamples != 0) {
            throw new IllegalArgumentException("chunkSamples must divide " + WINDOW);
        }
        roundsPerInvocation = WINDOW / chunkSamples;
        WindowAssembler assembler =
                new WindowAssembler(
                        WINDOW,
                        WINDOW,
                        BenchSupport.SAMPLE_RATE_HZ,
                        0,
                        256,
                        ScoringJobOptions.IDLE_TIMEOUT.defaultValue().toMillis());
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(assembler),
                        chunk -> chunk.sensorId,
                        Types.STRING);
        harness.open();
        sensorIds = new String[sensors];
        machineIds = new String[sensors];
        keys = new byte[sensors][];
        samples = new float[sensors][];
        float[][] pool = BenchSupport.randomWindows(16, chunkSamples, 3);
        for (int s = 0; s < sensors; s++) {
            machineIds[s] = "machine-" + (s / 4);
            sensorIds[s] = machineIds[s] + "/sensor-" + s;
            keys[s] = sensorIds[s].getBytes(StandardCharsets.UTF_8);
            // The assembler copies samples out and never writes to a chunk: sharing arrays is safe.
            samples[s] = pool[s % pool.length];
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        harness.close();
    }

    /** Chunks in and windows out, reported by JMH as rates. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Counters {
        public long chunks;
        public long windows;

        @Setup(Level.Iteration)
        public void reset() {
            chunks = 0;
            windows = 0;
        }
    }

    @Benchmark
    public void assemble(Counters counters) throws Exception {
        for (int round = 0; round < roundsPerInvocation; round++) {
            long seq = nextSeq++;
            long startMicros =
                    T0_MICROS + Math.round(seq * chunkSamples * 1e6 / BenchSupport.SAMPLE_RATE_HZ);
            for (int s = 0; s < sensors; s++) {
                ChunkRecord chunk = chunk(s, seq, startMicros);
                harness.processElement(new StreamRecord<>(chunk, chunk.startMillis()));
            }
            harness.processWatermark(Math.floorDiv(startMicros, 1000L) - outOfOrdernessMillis);
        }
        counters.chunks += (long) roundsPerInvocation * sensors;
        // Drain the collected output, or it would pile up in the harness's queue.
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord) {
                counters.windows++;
            }
        }
        harness.getOutput().clear();
    }

    private ChunkRecord chunk(int sensor, long seq, long startMicros) {
        ChunkRecord chunk = new ChunkRecord();
        chunk.machineId = machineIds[sensor];
        chunk.sensorId = sensorIds[sensor];
        chunk.seq = seq;
        chunk.startMicros = startMicros;
        chunk.sampleRateHz = BenchSupport.SAMPLE_RATE_HZ;
        chunk.samples = samples[sensor];
        chunk.unit = "g";
        chunk.source =
                new SourceCoordinates(
                        Topics.SENSOR_CHUNKS,
                        sensor % 4,
                        seq * sensors + sensor,
                        startMicros / 1000L,
                        keys[sensor]);
        return chunk;
    }
}
