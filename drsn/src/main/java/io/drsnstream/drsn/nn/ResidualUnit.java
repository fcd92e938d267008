package io.drsnstream.drsn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The residual shrinkage building unit (RSBU), pre-activation style, and its baselines.
 *
 * <pre>
 * input (N, Cin, W)
 * residual:  BN -> ReLU -> Conv1d(C, k3, stride s, pad 1) -> BN -> ReLU -> Conv1d(C, k3, pad 1)
 *            = x (N, C, W') with W' = ceil(W / s)
 * threshold: t = ThresholdBranch(x); y = SoftThreshold(x, t)          (DRSN units only)
 * shortcut:  input, every s-th point, zero-padded from Cin to C channels (not for ConvNet units)
 * output:    y + shortcut  (N, C, W'), no ReLU after the add; and for DRSN units the share of
 *            features the thresholds set to zero (N,)
 * </pre>
 *
 * <p>The residual path ends in a convolution, not in BN/ReLU: the features reaching the soft
 * threshold can still be negative, which is the point of thresholding instead of ReLU.
 */
public final class ResidualUnit extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int channels;
    private final int stride;
    private final ThresholdMode thresholdMode;
    private final boolean shortcut;
    private final SequentialBlock residual;
    private final ThresholdBranch thresholdBranch;

    private ResidualUnit(Builder builder) {
        super(VERSION);
        channels = builder.channels;
        stride = builder.stride;
        thresholdMode = builder.thresholdMode;
        shortcut = builder.shortcut;
        residual =
                addChildBlock(
                        "residual",
                        new SequentialBlock()
                                .add(BatchNorm.builder().build())
                                .add(Activation.reluBlock())
                                .add(conv(channels, stride))
                                .add(BatchNorm.builder().build())
                                .add(Activation.reluBlock())
                                .add(conv(channels, 1)));
        if (thresholdMode == ThresholdMode.NONE) {
            thresholdBranch = null;
        } else {
            thresholdBranch =
                    addChildBlock("threshold", new ThresholdBranch(thresholdMode, channels));
        }
    }

    private static Conv1d conv(int filters, int stride) {
        return Conv1d.builder()
                .setKernelShape(new Shape(3))
                .setFilters(filters)
                .optStride(new Shape(stride))
                .optPadding(new Shape(1))
                .build();
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of output channels.
     *
     * @return C
     */
    public int getChannels() {
        return channels;
    }

    /**
     * Returns the stride of the first convolution.
     *
     * @return 1 or 2
     */
    public int getStride() {
        return stride;
    }

    /**
     * Returns the threshold mode.
     *
     * @return {@link ThresholdMode#NONE} for ResNet and ConvNet units
     */
    public ThresholdMode getThresholdMode() {
        return thresholdMode;
    }

    /**
     * Returns whether the unit adds the identity shortcut.
     *
     * @return false for ConvNet units
     */
    public boolean hasShortcut() {
        return shortcut;
    }

    /**
     * Returns the threshold branch.
     *
     * @return the branch, or null for units without thresholds
     */
    public ThresholdBranch getThresholdBranch() {
        return thresholdBranch;
    }

    /**
     * Runs the unit.
     *
     * @param inputs one array (N, Cin, W)
     * @return (N, C, W') and, for units with thresholds, the zero share (N,): zeros when training
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray x = residual.forward(parameterStore, inputs, training).singletonOrThrow();
        NDArray zeroShare = null;
        if (thresholdBranch != null) {
            NDArray t =
                    thresholdBranch
                            .forward(parameterStore, new NDList(x), training)
                            .singletonOrThrow();
            x = SoftThreshold.apply(x, t);
            // Nothing reads it while training, where it would cost three full-size ops per unit.
            zeroShare =
                    training
                            ? x.getManager().zeros(new Shape(x.getShape().get(0)), DataType.FLOAT32)
                            : SoftThreshold.zeroShare(x);
        }
        if (shortcut) {
            x = x.add(shortcut(input));
        }
        return zeroShare == null ? new NDList(x) : new NDList(x, zeroShare);
    }

    /** Identity, subsampled on stride 2, zero-padded where the channels grow: no parameters. */
    private NDArray shortcut(NDArray input) {
        NDArray identity = input;
        if (stride > 1) {
            identity = identity.get(new NDIndex(":, :, ::" + stride));
        }
        Shape shape = identity.getShape();
        long missing = channels - shape.get(1);
        if (missing > 0) {
            NDArray zeros =
                    identity.getManager()
                            .zeros(
                                    new Shape(shape.get(0), missing, shape.get(2)),
                                    identity.getDataType());
            identity = identity.concat(zeros, 1);
        }
        return identity;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long n = in.get(0);
        Shape out = new Shape(n, channels, outputWidth(in.get(2), stride));
        if (thresholdBranch == null) {
            return new Shape[] {out};
        }
        return new Shape[] {out, new Shape(n)};
    }

    /**
     * The width after a k3, pad 1 convolution with the given stride: {@code ceil(w / stride)}.
     *
     * @param width the input width
     * @param stride the stride
     * @return the output width
     */
    static long outputWidth(long width, int stride) {
        return (width - 1) / stride + 1;
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        if (in.dimension() != 3) {
            throw new IllegalArgumentException("ResidualUnit expects (N, C, W), got " + in);
        }
        if (shortcut && in.get(1) > channels) {
            throw new IllegalArgumentException(
                    "The identity shortcut can only zero-pad growing channels: "
                            + in.get(1)
                            + " -> "
                            + channels);
        }
        residual.initialize(manager, dataType, in);
        if (thresholdBranch != null) {
            thresholdBranch.initialize(
                    manager, dataType, residual.getOutputShapes(new Shape[] {in}));
        }
    }

    /** Builds a {@link ResidualUnit}. */
    public static final class Builder {

        private int channels;
        private int stride = 1;
        private ThresholdMode thresholdMode = ThresholdMode.CHANNEL_WISE;
        private boolean shortcut = true;

        Builder() {}

        /**
         * Sets the number of output channels C.
         *
         * @param channels C, positive
         * @return this builder
         */
        public Builder setChannels(int channels) {
            this.channels = channels;
            return this;
        }

        /**
         * Sets the stride of the first convolution (default 1).
         *
         * @param stride 1 or 2
         * @return this builder
         */
        public Builder optStride(int stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets how thresholds are learned (default {@link ThresholdMode#CHANNEL_WISE}).
         *
         * @param thresholdMode {@link ThresholdMode#NONE} for a ResNet/ConvNet unit
         * @return this builder
         */
        public Builder optThresholdMode(ThresholdMode thresholdMode) {
            this.thresholdMode = thresholdMode;
            return this;
        }

        /**
         * Sets whether the identity shortcut is added (default true).
         *
         * @param shortcut false for a ConvNet unit
         * @return this builder
         */
        public Builder optShortcut(boolean shortcut) {
            this.shortcut = shortcut;
            return this;
        }

        /**
         * Sets threshold mode and shortcut as the given architecture uses them.
         *
         * @param architecture the network the unit belongs to
         * @return this builder
         */
        public Builder optArchitecture(Architecture architecture) {
            this.thresholdMode = architecture.thresholdMode();
            this.shortcut = architecture.hasShortcut();
            return this;
        }

        /**
         * Builds the unit; its sub-blocks are created here, never in forward.
         *
         * @return the unit
         */
        public ResidualUnit build() {
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be positive: " + channels);
            }
            if (stride != 1 && stride != 2) {
                throw new IllegalArgumentException("stride must be 1 or 2: " + stride);
            }
            if (thresholdMode == null) {
                throw new IllegalArgumentException("thresholdMode must not be null");
            }
            return new ResidualUnit(this);
        }
    }
}
