package io.drsnstream.bench;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.nn.Architecture;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Windows per second of the {@link Scorer} (normalisation, one forward pass, softmax, results)
 * for the paper's 2048-sample networks at several batch sizes.
 *
 * <p>The primary score is forward passes (batches) per second; the secondary result
 * {@code score:windows} is the same run counted in windows per second, which is the figure to
 * report. (JMH's {@code @OperationsPerInvocation} is a constant and cannot follow the batch
 * {@code @Param}, hence the auxiliary counter.)
 *
 * <p>Model: {@code -Dbench.model=DIR} (passed with {@code -jvmArgsAppend}) is used for the
 * architecture it holds; every other architecture, and every architecture without that property,
 * is an untrained paper network, which costs exactly the same to run.
 *
 * <p>Threads: {@code -p threads=1,2} sets PyTorch's intra-op threads per fork (DJL reads the
 * setting once per JVM, and JMH forks a JVM per parameter combination); the default 0 keeps
 * {@code -Dai.djl.pytorch.num_threads} or PyTorch's own default (one per core). With JMH's
 * {@code -t N}, N scorers share one model, as N Flink subtasks of the job do.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class ScorerBenchmark {

    @Param({"DRSN_CW", "RESNET"})
    public Architecture architecture;

    @Param({"1", "8", "32", "64", "128", "256"})
    public int batch;

    /** PyTorch intra-op threads; 0 = leave as configured. */
    @Param({"0"})
    public int threads;

    private ModelArtifact artifact;

    @Setup(Level.Trial)
    public void loadModel() {
        BenchSupport.configureEngine(threads);
        artifact = BenchSupport.modelFor(architecture);
        System.out.println(
                "# model "
                        + artifact.getMetadata().version()
                        + " ("
                        + artifact.getMetadata().network().architecture()
                        + "), engine "
                        + BenchSupport.engineSettings());
    }

    @TearDown(Level.Trial)
    public void closeModel() {
        artifact.close();
    }

    /** One scorer per benchmark thread, as in the job; windows differ per thread only by seed. */
    @State(Scope.Thread)
    public static class ThreadScorer {
        Scorer scorer;
        float[][] windows;

        @Setup(Level.Trial)
        public void open(ScorerBenchmark shared) {
            scorer = shared.artifact.newScorer(shared.batch);
            windows =
                    BenchSupport.randomWindows(
                            shared.batch, scorer.getWindowLength(), Thread.currentThread().getId());
        }

        @TearDown(Level.Trial)
        public void close() {
            scorer.close();
        }
    }

    /** Windows scored, reported by JMH as a rate next to the primary (batch) rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Windows {
        public long windows;

        @Setup(Level.Iteration)
        public void reset() {
            windows = 0;
        }
    }

    @Benchmark
    public List<ScoreResult> score(ThreadScorer state, Windows counter) {
        List<ScoreResult> results = state.scorer.score(state.windows);
        counter.windows += state.windows.length;
        return results;
    }
}
