package io.drsnstream.drsn.training;

import ai.djl.Device;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The hyper-parameters of a training run; {@link #builder} starts from the paper's.
 *
 * <p>Learning-rate schedule: {@code learningRate} until the first decay point, then multiplied by
 * {@code decayFactor} at each decay point. Decay points are fractions of the requested epochs
 * (default 0.4 and 0.8), so 100 epochs give the paper's 0.1 / 0.01 / 0.001 for epochs 1-40 /
 * 41-80 / 81-100, and 10 epochs give the same three rates for epochs 1-4 / 5-8 / 9-10.
 *
 * @param network the network to train
 * @param epochs the number of epochs (default 100)
 * @param batchSize the batch size, at least 2 since batch statistics need two samples (default 128)
 * @param learningRate the initial learning rate (default 0.1)
 * @param decayFractions the decay points as fractions of the epochs, in (0, 1] (default 0.4, 0.8)
 * @param decayFactor the factor applied at each decay point (default 0.1)
 * @param momentum the SGD momentum, in [0, 1) (default 0.9)
 * @param weightDecay the L2 weight decay, applied by the optimiser to every trainable parameter
 *     (default 1e-4)
 * @param seed the seed of shuffling, augmentation and initialisation (default 42)
 * @param normalization the input normalisation, applied to every window after augmentation and
 *     recorded in the model's metadata (default per-window standardisation)
 * @param device the device to train on (default CPU)
 */
public record TrainingConfig(
        NetworkSpec network,
        int epochs,
        int batchSize,
        float learningRate,
        List<Double> decayFractions,
        float decayFactor,
        float momentum,
        float weightDecay,
        int seed,
        InputNormalization normalization,
        Device device) {

    /** Validates and copies. */
    public TrainingConfig {
        if (network == null) {
            throw new IllegalArgumentException("network must not be null");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be positive: " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be at least 2: " + batchSize);
        }
        if (!(learningRate > 0) || !(decayFactor > 0)) {
            throw new IllegalArgumentException("learning rate and decay factor must be positive");
        }
        if (decayFractions == null) {
            throw new IllegalArgumentException("decay fractions must be set");
        }
        for (Double f : decayFractions) {
            if (f == null || !(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("decay fractions must be in (0, 1]: " + f);
            }
        }
        decayFractions = List.copyOf(decayFractions);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1): " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay must be non-negative");
        }
        if (normalization == null || device == null) {
            throw new IllegalArgumentException("normalization and device must be set");
        }
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

    /**
     * A checkpoint records this text and resumes only a run with the same, so it stays as it was
     * before this class became a record: checkpoints written since still resume.
     */
    @Override
    public String toString() {
        return "TrainingConfig{network="
                + network
                + ", epochs="
                + epochs
                + ", batchSize="
                + batchSize
                + ", learningRate="
                + learningRate
                + ", decayFractions="
                + decayFractions
                + ", decayFactor="
                + decayFactor
                + ", momentum="
                + momentum
                + ", weightDecay="
                + weightDecay
                + ", seed="
                + seed
                + ", normalization="
                + normalization
                + ", device="
                + device
                + "}";
    }

    /** Builds a {@link TrainingConfig} from the paper's defaults; the record checks the values. */
    public static final class Builder {

        private final NetworkSpec network;
        private int epochs = 100;
        private int batchSize = 128;
        private float learningRate = 0.1f;
        private List<Double> decayFractions = List.of(0.4, 0.8);
        private float decayFactor = 0.1f;
        private float momentum = 0.9f;
        private float weightDecay = 1e-4f;
        private int seed = 42;
        private InputNormalization normalization = InputNormalization.PER_WINDOW_STANDARDIZE;
        private Device device = Device.cpu();

        Builder(NetworkSpec network) {
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
         * @param batchSize at least 2
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
            this.decayFractions = Arrays.stream(decayFractions).boxed().toList();
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
         * Sets the L2 weight decay.
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
         * Builds the config.
         *
         * @return the config
         * @throws IllegalArgumentException naming the value out of range
         */
        public TrainingConfig build() {
            return new TrainingConfig(
                    network,
                    epochs,
                    batchSize,
                    learningRate,
                    decayFractions,
                    decayFactor,
                    momentum,
                    weightDecay,
                    seed,
                    normalization,
                    device);
        }
    }
}
