package io.drsnstream.drsn.training;

import ai.djl.Device;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.util.Arrays;

/**
 * The hyper-parameters of a training run; defaults are the paper's.
 *
 * <p>Learning-rate schedule: {@code learningRate} until the first decay point, then multiplied by
 * {@code decayFactor} at each decay point. Decay points are fractions of the requested epochs
 * (default 0.4 and 0.8), so 100 epochs give the paper's 0.1 / 0.01 / 0.001 for epochs 1-40 /
 * 41-80 / 81-100, and 10 epochs give the same three rates for epochs 1-4 / 5-8 / 9-10.
 */
public final class TrainingConfig {

    private final NetworkSpec network;
    private final int epochs;
    private final int batchSize;
    private final float learningRate;
    private final double[] decayFractions;
    private final float decayFactor;
    private final float momentum;
    private final float weightDecay;
    private final int seed;
    private final InputNormalization normalization;
    private final Device device;

    private TrainingConfig(Builder b) {
        network = b.network;
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        decayFractions = b.decayFractions.clone();
        decayFactor = b.decayFactor;
        momentum = b.momentum;
        weightDecay = b.weightDecay;
        seed = b.seed;
        normalization = b.normalization;
        device = b.device;
    }

    /**
     * Creates a builder.
     *
     * @param network the network to train
     * @return a new builder with the paper's defaults
     */
    public static Builder builder(NetworkSpec network) {
        return new Builder(network);
    }

    /**
     * The learning rate of an epoch.
     *
     * @param epoch 0-based epoch
     * @return the rate
     */
    public float learningRateAt(int epoch) {
        float rate = learningRate;
        for (double fraction : decayFractions) {
            if (epoch >= Math.round(fraction * epochs)) {
                rate *= decayFactor;
            }
        }
        return rate;
    }

    /** @return the network to train */
    public NetworkSpec network() {
        return network;
    }

    /** @return the number of epochs (default 100) */
    public int epochs() {
        return epochs;
    }

    /** @return the batch size (default 128) */
    public int batchSize() {
        return batchSize;
    }

    /** @return the initial learning rate (default 0.1) */
    public float learningRate() {
        return learningRate;
    }

    /** @return the decay points as fractions of the epochs (default 0.4, 0.8) */
    public double[] decayFractions() {
        return decayFractions.clone();
    }

    /** @return the factor applied at each decay point (default 0.1) */
    public float decayFactor() {
        return decayFactor;
    }

    /** @return the SGD momentum (default 0.9) */
    public float momentum() {
        return momentum;
    }

    /** @return the L2 weight decay (default 1e-4) */
    public float weightDecay() {
        return weightDecay;
    }

    /** @return the seed of shuffling, augmentation and initialisation */
    public int seed() {
        return seed;
    }

    /** @return the input normalisation, to be recorded in the model's metadata */
    public InputNormalization normalization() {
        return normalization;
    }

    /** @return the device to train on (default CPU) */
    public Device device() {
        return device;
    }

    @Override
    public String toString() {
        return "TrainingConfig{network=" + network + ", epochs=" + epochs + ", batchSize="
                + batchSize + ", learningRate=" + learningRate + ", decayFractions="
                + Arrays.toString(decayFractions) + ", decayFactor=" + decayFactor
                + ", momentum=" + momentum + ", weightDecay=" + weightDecay + ", seed=" + seed
                + ", normalization=" + normalization + ", device=" + device + "}";
    }

    /** Builds a {@link TrainingConfig}. */
    public static final class Builder {

        private final NetworkSpec network;
        private int epochs = 100;
        private int batchSize = 128;
        private float learningRate = 0.1f;
        private double[] decayFractions = {0.4, 0.8};
        private float decayFactor = 0.1f;
        private float momentum = 0.9f;
        private float weightDecay = 1e-4f;
        private int seed = 42;
        private InputNormalization normalization = InputNormalization.PER_WINDOW_STANDARDIZE;
        private Device device = Device.cpu();

        Builder(NetworkSpec network) {
            if (network == null) {
                throw new IllegalArgumentException("network must not be null");
            }
            this.network = network;
        }

        /**
         * Sets the number of epochs; the schedule's decay points scale with it.
         *
         * @param epochs positive
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets the batch size.
         *
         * @param batchSize at least 2 (batch statistics need two samples)
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the learning-rate schedule.
         *
         * @param learningRate the initial rate
         * @param decayFactor the factor at each decay point
         * @param decayFractions the decay points as fractions of the epochs, in (0, 1]
         * @return this builder
         */
        public Builder optLearningRateSchedule(
                float learningRate, float decayFactor, double... decayFractions) {
            this.learningRate = learningRate;
            this.decayFactor = decayFactor;
            this.decayFractions = decayFractions.clone();
            return this;
        }

        /**
         * Sets the SGD momentum.
         *
         * @param momentum in [0, 1)
         * @return this builder
         */
        public Builder optMomentum(float momentum) {
            this.momentum = momentum;
            return this;
        }

        /**
         * Sets the L2 weight decay (applied by the optimiser to every trainable parameter).
         *
         * @param weightDecay non-negative
         * @return this builder
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed any int
         * @return this builder
         */
        public Builder optSeed(int seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the input normalisation.
         *
         * @param normalization applied to every window after augmentation
         * @return this builder
         */
        public Builder optNormalization(InputNormalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Sets the device.
         *
         * @param device e.g. {@code Device.gpu(0)}
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the config
         */
        public TrainingConfig build() {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be positive: " + epochs);
            }
            if (batchSize < 2) {
                throw new IllegalArgumentException("batchSize must be at least 2: " + batchSize);
            }
            if (!(learningRate > 0) || !(decayFactor > 0)) {
                throw new IllegalArgumentException("learning rate and decay factor must be positive");
            }
            for (double f : decayFractions) {
                if (!(f > 0 && f <= 1)) {
                    throw new IllegalArgumentException("decay fractions must be in (0, 1]: " + f);
                }
            }
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
            }
            if (!(weightDecay >= 0)) {
                throw new IllegalArgumentException("weightDecay must be non-negative");
            }
            if (normalization == null || device == null) {
                throw new IllegalArgumentException("normalization and device must be set");
            }
            return new TrainingConfig(this);
        }
    }
}
