package io.drsnstream.drsn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The sub-network of a residual shrinkage unit that learns the soft thresholds from the features.
 *
 * <pre>
 * x (N, C, W) -> |x| -> average over W -> m (N, C)
 * m -> FC(C) -> BN -> ReLU -> FC(M) -> sigmoid -> alpha (N, M)
 * channel-shared (M = 1): t = alpha * mean_c(m)   -> (N, 1, 1)
 * channel-wise   (M = C): t_c = alpha_c * m_c     -> (N, C, 1)
 * </pre>
 *
 * <p>Since alpha is in (0, 1) and m is a mean absolute value, every threshold is positive and
 * smaller than the largest |x| it applies to, and it differs between samples.
 *
 * <p>Batch of one in training: batch statistics over a single sample are undefined (PyTorch
 * refuses them), so for such a batch the BN normalises with its running statistics instead of
 * failing. The trainer additionally never forms a final batch of one sample.
 */
public final class ThresholdBranch extends AbstractBlock {

    private static final byte VERSION = 1;

    private final ThresholdMode mode;
    private final int channels;
    private final Linear squeeze;
    private final BatchNorm norm;
    private final Linear excite;

    /**
     * Creates the branch for a unit with {@code channels} channels.
     *
     * @param mode {@link ThresholdMode#CHANNEL_SHARED} or {@link ThresholdMode#CHANNEL_WISE}
     * @param channels the number of channels C of the features it thresholds
     */
    public ThresholdBranch(ThresholdMode mode, int channels) {
        super(VERSION);
        if (mode == null || mode == ThresholdMode.NONE) {
            throw new IllegalArgumentException(
                    "A threshold branch needs CHANNEL_SHARED or CHANNEL_WISE");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be positive: " + channels);
        }
        this.mode = mode;
        this.channels = channels;
        squeeze = addChildBlock("fc1", Linear.builder().setUnits(channels).build());
        norm = addChildBlock("bn", BatchNorm.builder().build());
        int outputs = mode == ThresholdMode.CHANNEL_WISE ? channels : 1;
        excite = addChildBlock("fc2", Linear.builder().setUnits(outputs).build());
    }

    /**
     * Returns the threshold mode.
     *
     * @return channel-shared or channel-wise
     */
    public ThresholdMode getMode() {
        return mode;
    }

    /**
     * Computes the thresholds.
     *
     * @param inputs one array x of shape (N, C, W)
     * @return one array t of shape (N, 1, 1) (channel-shared) or (N, C, 1) (channel-wise)
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray m = x.abs().mean(new int[] {2});
        NDArray h = squeeze.forward(parameterStore, new NDList(m), training).singletonOrThrow();
        boolean batchStatistics = training && m.getShape().get(0) > 1;
        h = norm.forward(parameterStore, new NDList(h), batchStatistics).singletonOrThrow();
        h = Activation.relu(h);
        NDArray alpha =
                Activation.sigmoid(
                        excite.forward(parameterStore, new NDList(h), training).singletonOrThrow());
        NDArray t;
        if (mode == ThresholdMode.CHANNEL_WISE) {
            t = alpha.mul(m);
        } else {
            t = alpha.mul(m.mean(new int[] {1}, true));
        }
        return new NDList(t.expandDims(2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        long outputs = mode == ThresholdMode.CHANNEL_WISE ? channels : 1;
        return new Shape[] {new Shape(n, outputs, 1)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 3 || in.get(1) != channels) {
            throw new IllegalArgumentException(
                    "ThresholdBranch for "
                            + channels
                            + " channels expects (N, "
                            + channels
                            + ", W), got "
                            + in);
        }
        Shape pooled = new Shape(in.get(0), channels);
        squeeze.initialize(manager, dataType, pooled);
        norm.initialize(manager, dataType, pooled);
        excite.initialize(manager, dataType, pooled);
    }
}
