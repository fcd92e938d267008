package io.drsnstream.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.drsnstream.drsn.nn.SoftThreshold;
import java.util.concurrent.TimeUnit;
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
 * The soft-thresholding op alone, {@code sign(x) * relu(|x| - t)}, on features of shape
 * (64, 16, 128): batch 64 at the last stage's width and length. Thresholds are (64, 16, 1) for
 * DRSN-CW (one per sample and channel) or (64, 1, 1) for DRSN-CS (one per sample).
 *
 * <p>Score: applications per second (one application = 131,072 features). The profile in
 * docs/djl-performance-notes.md puts the thresholding ops at about 22 % of a forward pass; this
 * isolates them, e.g. to judge a fused implementation.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
@State(Scope.Thread)
public class SoftThresholdBenchmark {

    @Param({"CHANNEL_WISE", "CHANNEL_SHARED"})
    public String thresholds;

    /** PyTorch intra-op threads; 0 = leave as configured. */
    @Param({"0"})
    public int threads;

    private NDManager manager;
    private NDArray x;
    private NDArray t;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.configureEngine(threads);
        manager = NDManager.newBaseManager(Device.cpu());
        manager.getEngine().setRandomSeed(1);
        x = manager.randomNormal(new Shape(64, 16, 128));
        Shape thresholdShape =
                "CHANNEL_SHARED".equals(thresholds) ? new Shape(64, 1, 1) : new Shape(64, 16, 1);
        // Positive thresholds near the features' scale, so that about half the features are shrunk
        // to 0.
        t = manager.randomUniform(0.2f, 1.2f, thresholdShape);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        manager.close();
    }

    /**
     * Runs the op in a scope that frees its intermediates (as each residual unit does in the
     * network), so that memory stays flat over millions of calls.
     */
    @Benchmark
    public NDArray apply() {
        try (NDManager scope = manager.newSubManager()) {
            x.tempAttach(scope);
            t.tempAttach(scope);
            return SoftThreshold.apply(x, t);
        }
    }
}
