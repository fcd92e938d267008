package io.drsnstream.drsn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The DRSN-CW, DRSN-CS, ResNet and ConvNet classifiers of Zhao et al. (2020) on one skeleton.
 *
 * <pre>
 * input                      (N, 1, L)                  default L = 2048
 * stem Conv1d(C1, k3, s2)    (N, C1, L/2)               C1 = first stage width (4)
 * stage i = 1..S:            (N, Ci, L/2^(i+1))         Ci = 4, 8, 16; S = 3
 *   1 unit with stride 2, then unitsPerStage - 1 units with stride 1 (4 units in all)
 * BN -> ReLU -> mean over W  (N, C_S)
 * FC(classes)                (N, classes)               logits, no softmax
 * outputs: logits (N, classes) and shrinkage (N,)
 * </pre>
 *
 * <p>Widths above are ceilings of the divisions for lengths that are not powers of two.
 * {@code shrinkage} is the share of features the soft thresholds set to zero, per sample,
 * averaged over the shrinkage units (0 for ResNet and ConvNet). Losses must use only the logits;
 * softmax belongs to inference.
 *
 * <p>Weights of convolutions and fully connected layers use He (Kaiming) normal initialisation,
 * std = sqrt(2 / fan_in); biases start at 0, BN at gamma 1, beta 0.
 *
 * <p>Each residual unit runs inside a temporary sub-manager of its input's manager, and only its
 * outputs are attached back: the unit's intermediates are released as soon as it has run instead
 * of piling up until the caller's manager closes. Autograd keeps what backward needs, so this works
 * in training too.
 */
public final class DrsnNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    /** He normal: Gaussian with variance 2 / fan_in. */
    private static final Initializer HE_NORMAL =
            new XavierInitializer(
                    XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2);

    private final NetworkSpec spec;
    private final boolean isolateUnits;
    private final Conv1d stem;
    private final List<ResidualUnit> units;
    private final BatchNorm headNorm;
    private final Linear classifier;

    private DrsnNetwork(NetworkSpec spec, boolean isolateUnits) {
        super(VERSION);
        this.spec = spec;
        this.isolateUnits = isolateUnits;
        List<Integer> widths = spec.stageWidths();
        stem =
                addChildBlock(
                        "stem",
                        Conv1d.builder()
                                .setKernelShape(new Shape(3))
                                .setFilters(widths.get(0))
                                .optStride(new Shape(2))
                                .optPadding(new Shape(1))
                                .build());
        List<ResidualUnit> list = new ArrayList<>();
        for (int stage = 0; stage < widths.size(); stage++) {
            for (int u = 0; u < spec.unitsPerStage(); u++) {
                ResidualUnit unit =
                        ResidualUnit.builder()
                                .setChannels(widths.get(stage))
                                .optStride(u == 0 ? 2 : 1)
                                .optArchitecture(spec.architecture())
                                .build();
                list.add(addChildBlock("stage" + (stage + 1) + "unit" + (u + 1), unit));
            }
        }
        units = Collections.unmodifiableList(list);
        headNorm = addChildBlock("headBn", BatchNorm.builder().build());
        classifier = addChildBlock("fc", Linear.builder().setUnits(spec.classes()).build());
        setInitializer(HE_NORMAL, Parameter.Type.WEIGHT);
    }

    /**
     * Creates a builder whose defaults are the paper's Table II network.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the network for a specification.
     *
     * @param spec the layers
     * @return the (uninitialised) network
     */
    public static DrsnNetwork of(NetworkSpec spec) {
        return new DrsnNetwork(spec, true);
    }

    /**
     * Returns the specification this network was built from.
     *
     * @return the spec
     */
    public NetworkSpec getSpec() {
        return spec;
    }

    /**
     * Returns the residual units in order.
     *
     * @return stages x unitsPerStage units
     */
    public List<ResidualUnit> getUnits() {
        return units;
    }

    /**
     * Counts the trainable parameters (BN running statistics excluded).
     *
     * @return the number of trainable scalars; the network must be initialised
     */
    public long countTrainableParameters() {
        return getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    /**
     * Runs the network.
     *
     * @param inputs one array (N, 1, L)
     * @return logits (N, classes) and shrinkage (N,), zeros when training
     */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray x = stem.forward(parameterStore, new NDList(input), training).singletonOrThrow();
        NDArray shrinkageSum = null;
        int thresholdUnits = 0;
        for (ResidualUnit unit : units) {
            NDList out = runUnit(unit, parameterStore, x, training);
            x = out.get(0);
            if (out.size() > 1) {
                shrinkageSum = shrinkageSum == null ? out.get(1) : shrinkageSum.add(out.get(1));
                thresholdUnits++;
            }
        }
        x = headNorm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        NDArray pooled = Activation.relu(x).mean(new int[] {2});
        NDArray logits =
                classifier.forward(parameterStore, new NDList(pooled), training).singletonOrThrow();
        long n = input.getShape().get(0);
        NDArray shrinkage =
                shrinkageSum == null
                        ? input.getManager().zeros(new Shape(n), DataType.FLOAT32)
                        : shrinkageSum.div(thresholdUnits);
        return new NDList(logits, shrinkage);
    }

    private NDList runUnit(Block unit, ParameterStore store, NDArray x, boolean training) {
        if (!isolateUnits) {
            return unit.forward(store, new NDList(x), training);
        }
        NDManager caller = x.getManager();
        try (NDManager scope = caller.newSubManager()) {
            x.tempAttach(scope);
            NDList out = unit.forward(store, new NDList(x), training);
            out.attach(caller);
            return out;
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long n = inputShapes[0].get(0);
        return new Shape[] {new Shape(n, spec.classes()), new Shape(n)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape expected = spec.inputShape(in.get(0));
        if (!in.equals(expected)) {
            throw new IllegalArgumentException(
                    "The network expects input " + expected + " but was initialised with " + in);
        }
        stem.initialize(manager, dataType, in);
        Shape shape = stem.getOutputShapes(new Shape[] {in})[0];
        for (ResidualUnit unit : units) {
            unit.initialize(manager, dataType, shape);
            shape = unit.getOutputShapes(new Shape[] {shape})[0];
        }
        headNorm.initialize(manager, dataType, shape);
        classifier.initialize(manager, dataType, new Shape(shape.get(0), shape.get(1)));
    }

    /** Builds a {@link DrsnNetwork}; defaults are the paper's Table II. */
    public static final class Builder {

        private Architecture architecture = Architecture.DRSN_CW;
        private int inputLength = NetworkSpec.PAPER_INPUT_LENGTH;
        private List<Integer> stageWidths = NetworkSpec.PAPER_STAGE_WIDTHS;
        private int unitsPerStage = NetworkSpec.PAPER_UNITS_PER_STAGE;
        private int classes = NetworkSpec.PAPER_CLASSES;
        private boolean isolateUnits = true;

        Builder() {}

        /**
         * Sets the architecture (default DRSN-CW).
         *
         * @param architecture which network
         * @return this builder
         */
        public Builder setArchitecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * Sets the input window length L (default 2048).
         *
         * @param inputLength L
         * @return this builder
         */
        public Builder optInputLength(int inputLength) {
            this.inputLength = inputLength;
            return this;
        }

        /**
         * Sets the channels of each stage (default 4, 8, 16).
         *
         * @param widths one width per stage, non-decreasing
         * @return this builder
         */
        public Builder optStageWidths(int... widths) {
            this.stageWidths = Arrays.stream(widths).boxed().toList();
            return this;
        }

        /**
         * Sets the residual units per stage (default 4).
         *
         * @param unitsPerStage units, the first of each stage has stride 2
         * @return this builder
         */
        public Builder optUnitsPerStage(int unitsPerStage) {
            this.unitsPerStage = unitsPerStage;
            return this;
        }

        /**
         * Sets the number of classes (default 8).
         *
         * @param classes output size
         * @return this builder
         */
        public Builder optClasses(int classes) {
            this.classes = classes;
            return this;
        }

        /**
         * Sets whether each unit runs in a temporary sub-manager (default true). Only for
         * measuring its effect; the outputs are the same either way.
         *
         * @param isolateUnits false to keep all intermediates until the caller's manager closes
         * @return this builder
         */
        public Builder optIsolateUnits(boolean isolateUnits) {
            this.isolateUnits = isolateUnits;
            return this;
        }

        /**
         * Returns the specification of the network this builder would build.
         *
         * @return the spec
         */
        public NetworkSpec spec() {
            return new NetworkSpec(architecture, inputLength, stageWidths, unitsPerStage, classes);
        }

        /**
         * Builds the network.
         *
         * @return the (uninitialised) network
         */
        public DrsnNetwork build() {
            return new DrsnNetwork(spec(), isolateUnits);
        }
    }
}
