package io.drsnstream.drsn.training;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link DrsnNetwork} on labelled windows held in memory: SGD with momentum, L2 weight
 * decay, softmax cross-entropy on the logits, a step learning-rate schedule.
 *
 * <p>Each epoch shuffles with the seeded random source; each batch is copied, handed to the
 * optional {@link BatchAugmenter}, normalised as the {@link Scorer} will normalise, and trained
 * on. A final batch of a single sample is skipped (batch statistics need two samples). With the
 * same seed, data and machine, two runs give the same model (on CPUs with AVX-512 only with
 * {@code ONEDNN_MAX_CPU_ISA=AVX2}: oneDNN's AVX-512 backward convolution is not reliable there).
 * A batch whose loss or gradient is not finite is skipped; many in one epoch stop the run.
 *
 * <p>{@link #requestStop()} may be called from any thread (e.g. a Ctrl-C hook): training ends
 * after the current batch and {@link #train} returns the model as it is.
 */
public final class DrsnTrainer {

    private static final Logger logger = LoggerFactory.getLogger(DrsnTrainer.class);

    // oneDNN's AVX-512 backward convolution returns sporadic NaN gradients on some CPUs
    // (ConvolutionGradientStabilityTest); the AVX2 kernels do not.
    private static final String AVX512_HINT =
            System.getenv("ONEDNN_MAX_CPU_ISA") == null
                    ? " (on AVX-512 CPUs set ONEDNN_MAX_CPU_ISA=AVX2, see docs/model-quality.md)"
                    : "";

    private final TrainingConfig config;
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private BatchAugmenter augmenter;
    private ProgressListener listener;
    private TrainingCheckpoint checkpoint;
    private boolean resume;
    private Path initialParameters;
    private String initialParametersId;
    private int frozenUnits;

    /**
     * Creates a trainer.
     *
     * @param config the hyper-parameters
     */
    public DrsnTrainer(TrainingConfig config) {
        this.config = config;
    }

    /**
     * Sets the per-batch augmentation.
     *
     * @param augmenter called on a copy of each batch's raw windows, or null for none
     * @return this trainer
     */
    public DrsnTrainer setAugmenter(BatchAugmenter augmenter) {
        this.augmenter = augmenter;
        return this;
    }

    /**
     * Sets the progress listener.
     *
     * @param listener called after each batch and epoch, or null for none
     * @return this trainer
     */
    public DrsnTrainer setListener(ProgressListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * Keeps a checkpoint after every completed epoch, and optionally resumes from it.
     *
     * @param checkpoint where to keep it, or null for none
     * @param resume continue from the checkpoint if it exists (it must come from the same
     *     configuration and number of windows); else start afresh and overwrite it
     * @return this trainer
     */
    public DrsnTrainer setCheckpoint(TrainingCheckpoint checkpoint, boolean resume) {
        this.checkpoint = checkpoint;
        this.resume = resume;
        return this;
    }

    /**
     * Starts from trained parameters instead of He initialisation: fine-tuning. The file must fit
     * the configured network (as {@link io.drsnstream.drsn.model.ModelArtifact#verify} checks an
     * artifact's); a checkpoint being resumed takes precedence.
     *
     * @param params a {@code model.params} file, or null to train from scratch
     * @param id what identifies it in the checkpoint's run description (e.g. its SHA-256), so that
     *     a checkpoint of a run from other parameters is not resumed
     * @return this trainer
     */
    public DrsnTrainer setInitialParameters(Path params, String id) {
        this.initialParameters = params;
        this.initialParametersId = id;
        return this;
    }

    /**
     * Keeps the stem and the first {@code units} residual units as they are (no gradient, no
     * update): fine-tuning only the later units and the head, which adapts a model to a new
     * machine with few windows without unlearning the early filters. Their BatchNorm running
     * statistics still follow the new data, as the forward pass in training mode updates them.
     *
     * @param units residual units to freeze, from the input on; 0 freezes nothing
     * @return this trainer
     */
    public DrsnTrainer setFrozenUnits(int units) {
        if (units < 0
                || units
                        > config.network().stageWidths().size()
                                * config.network().unitsPerStage()) {
            throw new IllegalArgumentException(
                    "can freeze 0 to "
                            + config.network().stageWidths().size()
                                    * config.network().unitsPerStage()
                            + " residual units, not "
                            + units);
        }
        this.frozenUnits = units;
        return this;
    }

    /**
     * Asks a running (or the next) {@link #train} call to stop after its current batch. Safe from
     * any thread.
     */
    public void requestStop() {
        stopRequested.set(true);
    }

    /**
     * The configuration.
     *
     * @return the config
     */
    public TrainingConfig getConfig() {
        return config;
    }

    /**
     * Trains a new network.
     *
     * @param windows raw training windows, each of the network's input length; not modified
     * @param labels class index of each window
     * @return the trained model and the per-epoch history
     */
    public TrainingOutcome train(float[][] windows, int[] labels) {
        NetworkSpec spec = config.network();
        validate(windows, labels, spec);
        int length = spec.inputLength();
        int n = windows.length;
        int batchSize = Math.min(config.batchSize(), n);
        int batches = (n + batchSize - 1) / batchSize;
        if (n % batchSize == 1) {
            batches--;
        }

        Engine.getInstance().setRandomSeed(config.seed());
        Random rng = new Random(config.seed());
        // What must match for a checkpoint to continue this run.
        String run =
                config
                        + ", windows="
                        + n
                        + (initialParameters != null ? ", init=" + initialParametersId : "")
                        + (frozenUnits > 0 ? ", frozenUnits=" + frozenUnits : "");
        float[] currentRate = {config.learningRateAt(0)};
        Tracker rate = numUpdate -> currentRate[0];
        Optimizer sgd =
                Optimizer.sgd()
                        .setLearningRateTracker(rate)
                        .optMomentum(config.momentum())
                        .optWeightDecays(config.weightDecay())
                        .build();
        // The loss sees only the logits; it applies log-softmax itself.
        Loss loss = Loss.softmaxCrossEntropyLoss();
        DefaultTrainingConfig djlConfig =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(sgd)
                        .optDevices(new ai.djl.Device[] {config.device()});

        Model model = Model.newInstance("drsn-" + spec.architecture(), config.device());
        List<EpochResult> history = new ArrayList<>();
        boolean stopped = false;
        try {
            model.setBlock(DrsnNetwork.of(spec));
            int firstEpoch = 0;
            if (checkpoint != null && resume && checkpoint.exists()) {
                // Before the trainer exists: its parameter store keeps the arrays it sees at
                // initialisation, so parameters loaded later would never be trained (nor would
                // the store's arrays be the ones saved).
                model.getBlock()
                        .initialize(model.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
                TrainingCheckpoint.State state = checkpoint.restore(run, model);
                history.addAll(state.history());
                rng = TrainingCheckpoint.deserialize(state.random());
                firstEpoch = state.epochsCompleted();
                logger.info("Resuming after epoch {} from {}", firstEpoch, checkpoint.dir());
            } else if (initialParameters != null) {
                // As for a checkpoint: loaded before the trainer exists, so they are trained.
                model.getBlock()
                        .initialize(model.getNDManager(), DataType.FLOAT32, spec.inputShape(1));
                try (InputStream is = Files.newInputStream(initialParameters);
                        DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
                    model.getBlock().loadParameters(model.getNDManager(), in);
                } catch (IOException | MalformedModelException e) {
                    throw new IllegalStateException(
                            "Cannot read the initial parameters "
                                    + initialParameters
                                    + ": "
                                    + e.getMessage(),
                            e);
                }
            }
            try (Trainer trainer = model.newTrainer(djlConfig)) {
                // Initialises only what is not yet (a restored array is kept) and marks the
                // trainable parameters for gradients.
                trainer.initialize(spec.inputShape(1));
                freezeEarlyUnits(model.getBlock());
                int[] order = new int[n];
                Arrays.setAll(order, i -> i);
                float[][] rows = new float[batchSize][length];
                TrainingStep step =
                        new TrainingStep(trainer, loss, config.normalization(), batchSize, length);
                for (int epoch = firstEpoch; epoch < config.epochs() && !stopped; epoch++) {
                    currentRate[0] = config.learningRateAt(epoch);
                    // From the identity each epoch, so a resumed run shuffles as an uninterrupted
                    // one.
                    Arrays.setAll(order, i -> i);
                    shuffle(order, rng);
                    long begin = System.nanoTime();
                    double lossSum = 0;
                    int skipped = 0;
                    int correct = 0;
                    int seen = 0;
                    for (int b = 0; b < batches; b++) {
                        if (stopRequested.get()) {
                            stopped = true;
                            break;
                        }
                        int start = b * batchSize;
                        int size = Math.min(batchSize, n - start);
                        float[][] batch = size == batchSize ? rows : Arrays.copyOf(rows, size);
                        int[] batchLabels = new int[size];
                        for (int i = 0; i < size; i++) {
                            System.arraycopy(windows[order[start + i]], 0, batch[i], 0, length);
                            batchLabels[i] = labels[order[start + i]];
                        }
                        if (augmenter != null) {
                            augmenter.augment(batch, rng);
                            for (float[] row : batch) {
                                if (row.length != length) {
                                    throw new IllegalStateException(
                                            "The augmenter changed a window's length to "
                                                    + row.length);
                                }
                            }
                        }
                        TrainingStep.Result stats = step.run(batch, batchLabels);
                        if (!stats.applied()) {
                            skipped++;
                            logger.warn(
                                    "Epoch {}, batch {}: non-finite loss or gradient, update skipped{}",
                                    epoch + 1,
                                    b + 1,
                                    AVX512_HINT);
                            // A few stray batches are survivable; a run that keeps producing them
                            // has diverged.
                            if (skipped > Math.max(3, batches / 20)) {
                                throw new IllegalStateException(
                                        "Training diverged in epoch "
                                                + (epoch + 1)
                                                + ": "
                                                + skipped
                                                + " batches with a non-finite loss or gradient"
                                                + AVX512_HINT);
                            }
                            continue;
                        }
                        lossSum += stats.loss() * size;
                        correct += stats.hits();
                        seen += size;
                        if (listener != null) {
                            listener.onBatch(epoch + 1, b + 1, batches);
                        }
                    }
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    if (seen > 0 || stopped) {
                        EpochResult result =
                                new EpochResult(
                                        epoch + 1,
                                        config.epochs(),
                                        seen == 0 ? Double.NaN : lossSum / seen,
                                        seen == 0 ? Double.NaN : (double) correct / seen,
                                        seconds > 0 ? seen / seconds : 0,
                                        currentRate[0],
                                        seen,
                                        stopped);
                        history.add(result);
                        logger.debug("{}", result);
                        if (checkpoint != null && !stopped) {
                            checkpoint.write(run, model.getBlock(), history, rng);
                        }
                        if (listener != null) {
                            listener.onEpoch(result);
                        }
                    }
                }
            }
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        } finally {
            // The request is consumed by the run it stopped.
            stopRequested.set(false);
        }
        return new TrainingOutcome(model, history, stopped);
    }

    /**
     * Evaluates a model with this trainer's normalisation.
     *
     * @param model a trained model
     * @param windows raw windows
     * @param labels true class indices
     * @return accuracy and confusion matrix
     */
    public Evaluation evaluate(Model model, float[][] windows, int[] labels) {
        return evaluate(model, config.normalization(), windows, labels);
    }

    /**
     * Evaluates a model in inference mode.
     *
     * @param model a model whose block is a {@link DrsnNetwork}
     * @param normalization the normalisation it was trained with
     * @param windows raw windows
     * @param labels true class indices
     * @return accuracy and confusion matrix
     */
    public static Evaluation evaluate(
            Model model, InputNormalization normalization, float[][] windows, int[] labels) {
        try (Scorer scorer = Scorer.forModel(model, normalization)) {
            return Evaluation.of(scorer, windows, labels);
        }
    }

    private static void validate(float[][] windows, int[] labels, NetworkSpec spec) {
        if (windows.length != labels.length) {
            throw new IllegalArgumentException(
                    windows.length + " windows but " + labels.length + " labels");
        }
        if (windows.length < 2) {
            throw new IllegalArgumentException("Training needs at least 2 windows");
        }
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] == null || windows[i].length != spec.inputLength()) {
                throw new IllegalArgumentException(
                        "Window "
                                + i
                                + " has "
                                + (windows[i] == null ? "no" : windows[i].length)
                                + " samples, the network expects "
                                + spec.inputLength());
            }
            if (labels[i] < 0 || labels[i] >= spec.classes()) {
                throw new IllegalArgumentException(
                        "Label "
                                + labels[i]
                                + " of window "
                                + i
                                + " is not in [0, "
                                + spec.classes()
                                + ")");
            }
        }
    }

    /** Freezes the stem and the first {@link #frozenUnits} units: the first children in order. */
    private void freezeEarlyUnits(Block network) {
        if (frozenUnits == 0) {
            return;
        }
        // DrsnNetwork's children in order: the stem, the residual units, the head.
        List<Block> children = network.getChildren().values();
        for (int i = 0; i <= frozenUnits; i++) {
            children.get(i).freezeParameters(true);
        }
    }

    private static void shuffle(int[] order, Random rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
