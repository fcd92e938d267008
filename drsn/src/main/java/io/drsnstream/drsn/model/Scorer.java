package io.drsnstream.drsn.model;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import io.drsnstream.drsn.nn.DrsnNetwork;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Batched inference for one thread: windows in, {@link ScoreResult}s out.
 *
 * <p>Memory: every forward pass runs under its own sub-manager, closed before {@code score}
 * returns, so nothing accumulates over millions of calls. The input goes through one reusable
 * native-order direct buffer per scorer (grown when a bigger batch comes) instead of a fresh
 * direct buffer per call from {@code NDManager.create(float[])}, which only the garbage collector
 * would free. The network runs in inference mode: BN uses its running statistics and no autograd
 * graph is recorded. Each window's noise level comes from the scorer's own {@link
 * NoiseFloorEstimator}, whose buffers are reused from call to call.
 *
 * <p>Not thread-safe; create one scorer per thread. Several scorers may share one model.
 */
public final class Scorer implements AutoCloseable {

    /** Calls with more windows are split into forward passes of this many. */
    public static final int DEFAULT_MAX_BATCH = 256;

    private final DrsnNetwork network;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final InputNormalization normalization;
    private final List<String> labels;
    private final int healthyIndex;
    private final int windowLength;
    private final int classes;
    private final int maxBatchSize;
    private final boolean pytorch;
    private final NoiseFloorEstimator noiseFloor;
    private ByteBuffer input;

    Scorer(ModelArtifact artifact, int maxBatchSize) {
        this(
                artifact.getModel(),
                artifact.getMetadata().normalization(),
                artifact.getMetadata().labels(),
                artifact.getMetadata().healthyIndex(),
                maxBatchSize);
    }

    /**
     * Creates a scorer on a model that has no artifact yet (e.g. to evaluate during training).
     * Prefer {@link ModelArtifact#newScorer()}, which takes all of this from the metadata.
     *
     * @param model a model whose block is an initialised {@link DrsnNetwork}
     * @param normalization the normalisation used in training
     * @param labels the labels in output order
     * @param healthyIndex the output index of the healthy class
     * @param maxBatchSize the largest forward pass
     */
    public Scorer(
            Model model,
            InputNormalization normalization,
            List<String> labels,
            int healthyIndex,
            int maxBatchSize) {
        if (!(model.getBlock() instanceof DrsnNetwork net)) {
            throw new IllegalArgumentException("The model's block is not a DrsnNetwork");
        }
        if (labels.size() != net.getSpec().classes()) {
            throw new IllegalArgumentException(
                    labels.size() + " labels for " + net.getSpec().classes() + " classes");
        }
        if (healthyIndex < 0 || healthyIndex >= labels.size()) {
            throw new IllegalArgumentException("healthy index out of range: " + healthyIndex);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be positive: " + maxBatchSize);
        }
        this.network = net;
        this.normalization = normalization;
        this.labels = List.copyOf(labels);
        this.healthyIndex = healthyIndex;
        this.windowLength = net.getSpec().inputLength();
        this.classes = net.getSpec().classes();
        this.maxBatchSize = maxBatchSize;
        // A child of the model's manager, so closing the model also frees a forgotten scorer.
        this.manager = model.getNDManager().newSubManager();
        this.parameterStore = new ParameterStore(manager, false);
        this.pytorch = "PyTorch".equals(manager.getEngine().getEngineName());
        if (pytorch) {
            PyTorchNnpack.disable(); // no stderr line per convolution; see there why
        }
        this.input = ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder());
        this.noiseFloor = new NoiseFloorEstimator(windowLength);
    }

    /**
     * A scorer whose labels are the class indices ("0", "1", ...) and whose healthy class is 0.
     *
     * @param model a model whose block is an initialised {@link DrsnNetwork}
     * @param normalization the normalisation used in training
     * @return a new scorer
     */
    public static Scorer forModel(Model model, InputNormalization normalization) {
        int classes = ((DrsnNetwork) model.getBlock()).getSpec().classes();
        List<String> labels = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new Scorer(model, normalization, labels, 0, DEFAULT_MAX_BATCH);
    }

    /**
     * The window length the model expects.
     *
     * @return samples per window
     */
    public int getWindowLength() {
        return windowLength;
    }

    /**
     * Scores windows.
     *
     * @param windows raw windows (normalised here as in training), each of {@link
     *     #getWindowLength()} samples; not modified
     * @return one result per window, in order
     * @throws IllegalArgumentException if a window is null or has the wrong length
     * @throws IllegalStateException if the scorer is closed
     */
    public List<ScoreResult> score(float[][] windows) {
        if (!manager.isOpen()) {
            throw new IllegalStateException("The scorer is closed");
        }
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] == null) {
                throw new IllegalArgumentException("Window " + i + " is null");
            }
            if (windows[i].length != windowLength) {
                throw new IllegalArgumentException(
                        "Window "
                                + i
                                + " has "
                                + windows[i].length
                                + " samples but the model expects windows of "
                                + windowLength);
            }
        }
        List<ScoreResult> results = new ArrayList<>(windows.length);
        for (int start = 0; start < windows.length; start += maxBatchSize) {
            scoreBatch(windows, start, Math.min(maxBatchSize, windows.length - start), results);
        }
        return results;
    }

    /**
     * Scores one window.
     *
     * @param window raw samples
     * @return the result
     */
    public ScoreResult score(float[] window) {
        return score(new float[][] {window}).get(0);
    }

    private void scoreBatch(float[][] windows, int start, int size, List<ScoreResult> results) {
        int bytes = size * windowLength * Float.BYTES;
        if (input.capacity() < bytes) {
            input = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
        }
        input.clear();
        FloatBuffer floats = input.asFloatBuffer();
        for (int i = 0; i < size; i++) {
            normalization.write(windows[start + i], floats);
        }
        input.limit(bytes);

        float[] probabilities;
        float[] shrinkage;
        boolean restoreGrad = disableGradMode();
        try (NDManager call = manager.newSubManager()) {
            NDArray x = call.create(input, new Shape(size, 1, windowLength), DataType.FLOAT32);
            NDList out = network.forward(parameterStore, new NDList(x), false);
            probabilities = out.get(0).softmax(1).toFloatArray();
            shrinkage = out.get(1).toFloatArray();
        } finally {
            if (restoreGrad) {
                JniUtils.setGradMode(true);
            }
        }
        for (int i = 0; i < size; i++) {
            float[] p = new float[classes];
            System.arraycopy(probabilities, i * classes, p, 0, classes);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            // A power ratio, so the raw window gives what the normalised one would, without a copy.
            float noiseLevel = noiseFloor.noiseShare(windows[start + i]);
            results.add(
                    new ScoreResult(
                            p,
                            best,
                            labels.get(best),
                            p[best],
                            1f - p[healthyIndex],
                            shrinkage[i],
                            noiseLevel));
        }
    }

    /**
     * PyTorch's grad mode is per thread and on by default in threads DJL did not set up; with it
     * on, every op on parameters that require gradients would record an autograd graph.
     */
    private boolean disableGradMode() {
        if (pytorch && JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
            return true;
        }
        return false;
    }

    /** Frees the scorer's native memory; the shared model stays open. */
    @Override
    public void close() {
        manager.close();
        input = null;
    }
}
