package io.drsnstream.bench;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import io.drsnstream.drsn.training.TrainingConfig;
import io.drsnstream.drsn.training.TrainingStep;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One SGD training step at batch {@value #BATCH} per architecture: normalise the batch into the
 * input buffer, forward, softmax cross-entropy, backward, optimiser update. The score is samples
 * per second ({@code @OperationsPerInvocation(128)}); seconds per epoch of N windows = N / score.
 *
 * <p>The step is {@link TrainingStep}, the one {@code DrsnTrainer} runs (same optimiser, loss,
 * learning rate, momentum, weight decay, buffers, finite-gradient check); shuffling and
 * augmentation, done in Java between steps, are left out. The data are one fixed random batch
 * with random labels, so the loss never converges to anything special.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 10, time = 3)
@Fork(2)
@State(Scope.Thread)
public class TrainingStepBenchmark {

    static final int BATCH = 128;

    @Param({"DRSN_CW", "DRSN_CS", "RESNET", "CONVNET"})
    public Architecture architecture;

    /** PyTorch intra-op threads; 0 = leave as configured. */
    @Param({"0"})
    public int threads;

    private TrainingConfig config;
    private Model model;
    private Trainer trainer;
    private Loss loss;
    private float[][] windows;
    private int[] labels;
    private TrainingStep step;
    private float lastLoss;

    @Setup(Level.Trial)
    public void setUp() {
        BenchSupport.configureEngine(threads);
        NetworkSpec spec = NetworkSpec.paper(architecture);
        config = TrainingConfig.builder(spec).optBatchSize(BATCH).build();
        float rate = config.learningRate();
        Tracker tracker = numUpdate -> rate;
        Optimizer sgd =
                Optimizer.sgd()
                        .setLearningRateTracker(tracker)
                        .optMomentum(config.momentum())
                        .optWeightDecays(config.weightDecay())
                        .build();
        loss = Loss.softmaxCrossEntropyLoss();
        model = Model.newInstance("bench-train-" + architecture, Device.cpu());
        model.setBlock(DrsnNetwork.of(spec));
        trainer =
                model.newTrainer(
                        new DefaultTrainingConfig(loss)
                                .optOptimizer(sgd)
                                .optDevices(new Device[] {Device.cpu()}));
        trainer.initialize(spec.inputShape(1));

        windows = BenchSupport.randomWindows(BATCH, spec.inputLength(), 7);
        Random random = new Random(7);
        labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            labels[i] = random.nextInt(spec.classes());
        }
        step = new TrainingStep(trainer, loss, config.normalization(), BATCH, spec.inputLength());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (!Float.isFinite(lastLoss)) {
            // Non-finite values can change the speed of the arithmetic: say so next to the score.
            System.out.println("# WARNING: the loss became " + lastLoss + " during the run");
        }
        trainer.close();
        model.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int step() {
        TrainingStep.Result result = step.run(windows, labels);
        lastLoss = result.loss();
        return result.hits();
    }
}
