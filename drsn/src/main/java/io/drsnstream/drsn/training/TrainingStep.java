package io.drsnstream.drsn.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import io.drsnstream.drsn.model.InputNormalization;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One optimiser step on one batch, as {@link DrsnTrainer} runs it (and {@code bench}'s
 * {@code TrainingStepBenchmark} measures it): normalise the raw windows into a reused direct
 * buffer, forward, loss on the logits, backward, and the update only if the loss and every
 * gradient are finite.
 *
 * <pre>
 * windows (N, W) raw -> x (N, 1, W) normalised, labels (N,) -> logits (N, classes)
 * </pre>
 *
 * <p>A skipped update does not undo what the forward pass already did to the BatchNorm running
 * statistics (they are used only for inference); the non-finite batches seen so far came from
 * the backward pass, see {@code ConvolutionGradientStabilityTest}.
 *
 * <p>The NDArrays of a step live in a sub-manager of the trainer's and are closed with it. Not
 * thread-safe; one per trainer.
 */
public final class TrainingStep {

    /**
     * What one step did.
     *
     * @param loss the batch's mean loss; NaN or infinite when the update was skipped
     * @param hits windows whose arg-max class was the label
     * @param applied false if a non-finite loss or gradient made the step skip the update
     */
    public record Result(float loss, int hits, boolean applied) {}

    private final Trainer trainer;
    private final Loss loss;
    private final InputNormalization normalization;
    private final int length;
    private final ByteBuffer xBuffer;
    private final ByteBuffer yBuffer;
    private final List<Parameter> parameters = new ArrayList<>();

    /**
     * Creates a step for batches of up to {@code maxBatch} windows.
     *
     * @param trainer an initialised trainer (its optimiser makes the update)
     * @param loss the loss the trainer's config names, evaluated on the logits
     * @param normalization applied to each raw window, as the {@code Scorer} will
     * @param maxBatch the largest batch
     * @param length samples per window
     */
    public TrainingStep(
            Trainer trainer,
            Loss loss,
            InputNormalization normalization,
            int maxBatch,
            int length) {
        this.trainer = trainer;
        this.loss = loss;
        this.normalization = normalization;
        this.length = length;
        xBuffer =
                ByteBuffer.allocateDirect(maxBatch * length * Float.BYTES)
                        .order(ByteOrder.nativeOrder());
        yBuffer = ByteBuffer.allocateDirect(maxBatch * Long.BYTES).order(ByteOrder.nativeOrder());
        for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
            if (p.getValue().requiresGradient()) {
                parameters.add(p.getValue());
            }
        }
    }

    /**
     * Trains on one batch.
     *
     * @param batch raw windows, each of the step's length, at least 2 (batch statistics)
     * @param labels their class indices
     * @return the loss, hits and whether the update was applied
     */
    public Result run(float[][] batch, int[] labels) {
        int size = batch.length;
        // manager.create of a direct buffer shares its memory (no copy): the buffer is only
        // refilled after this step's arrays are closed.
        xBuffer.clear();
        FloatBuffer floats = xBuffer.asFloatBuffer();
        for (float[] row : batch) {
            normalization.write(row, floats);
        }
        xBuffer.limit(size * length * Float.BYTES);
        yBuffer.clear();
        LongBuffer longs = yBuffer.asLongBuffer();
        for (int label : labels) {
            longs.put(label);
        }
        yBuffer.limit(size * Long.BYTES);

        try (NDManager manager = trainer.getManager().newSubManager()) {
            NDArray x = manager.create(xBuffer, new Shape(size, 1, length), DataType.FLOAT32);
            NDArray y = manager.create(yBuffer, new Shape(size), DataType.INT64);
            float batchLoss;
            int hits = 0;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(x)).get(0);
                NDArray l = loss.evaluate(new NDList(y), new NDList(logits));
                collector.backward(l);
                long[] predicted = logits.argMax(1).toLongArray();
                for (int i = 0; i < size; i++) {
                    if (predicted[i] == labels[i]) {
                        hits++;
                    }
                }
                batchLoss = l.getFloat();
            }
            if (Float.isFinite(batchLoss) && gradientsFinite(manager)) {
                trainer.step();
                return new Result(batchLoss, hits, true);
            }
            // One non-finite gradient would poison the weights, and DJL zeroes gradients by
            // subtracting them from themselves, which keeps a NaN: zero them by assignment.
            zeroGradients(manager);
            return new Result(Float.isFinite(batchLoss) ? Float.NaN : batchLoss, hits, false);
        }
    }

    /** One native reduction over all gradients: their sum is finite iff every element is. */
    private boolean gradientsFinite(NDManager manager) {
        NDList sums = new NDList(parameters.size());
        for (Parameter parameter : parameters) {
            NDArray gradient = parameter.getArray().getGradient();
            gradient.attach(manager);
            sums.add(gradient.sum());
        }
        NDArray total = NDArrays.stack(sums).sum();
        float value = total.getFloat();
        return Float.isFinite(value);
    }

    private void zeroGradients(NDManager manager) {
        for (Parameter parameter : parameters) {
            NDArray gradient = parameter.getArray().getGradient();
            gradient.attach(manager);
            gradient.set(new NDIndex("..."), 0f);
        }
    }
}
