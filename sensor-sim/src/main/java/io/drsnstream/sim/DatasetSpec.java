package io.drsnstream.sim;

import java.util.List;

/**
 * What a generated data set contains, all determined by {@code seed}: on a <b>grid</b> (the
 * paper's experiment, {@code range == null}) {@code windowsPerCombination} windows of
 * {@code windowLength} samples for every (state, speed, load) combination; over a continuous
 * <b>operating range</b> ({@code range != null}) {@code windowsPerCombination} windows per entry
 * of {@code states}, each at a speed and load drawn uniformly from the range.
 *
 * <p>Grid windows are ordered state-major: window {@code i} belongs to state {@code states[s]},
 * speed {@code speedsHz[v]}, load {@code loads[l]} and repetition {@code k} where
 * {@code i = ((s * speeds + v) * loads + l) * windowsPerCombination + k}, and draw their actual
 * speed within +-{@value #SPEED_JITTER} (relative) of the nominal speed. Range windows are
 * ordered {@code i = s * windowsPerCombination + k}; their {@code speedsHz} and {@code loads} are
 * the range's bounds, for description only. Each fault window draws its severity uniformly from
 * {@code [minSeverity, maxSeverity]} (healthy windows have 0).
 *
 * <p>{@code states} may name a state more than once: each entry adds its own windows, which is
 * how a training set gives healthy windows a larger share than one class in eight.
 *
 * @param states health states to generate, each labelled by {@link HealthState#classIndex()}
 * @param speedsHz nominal input shaft speeds
 * @param loads loads as fractions of rated load
 * @param windowsPerCombination windows per (state, speed, load)
 * @param windowLength samples per window
 * @param sampleRateHz sample rate
 * @param seed master seed
 * @param minSeverity lowest fault severity, in [0, 1]
 * @param maxSeverity highest fault severity, in [minSeverity, 1]
 * @param noise noise added to every window ({@link NoiseType#NONE} by default)
 * @param snrDb SNR of the added noise, ignored for NONE
 * @param drivetrain the simulated machine
 * @param range the continuous operating range, or null for the grid of speeds and loads
 */
public record DatasetSpec(
        List<HealthState> states,
        List<Double> speedsHz,
        List<Double> loads,
        int windowsPerCombination,
        int windowLength,
        double sampleRateHz,
        long seed,
        double minSeverity,
        double maxSeverity,
        NoiseType noise,
        double snrDb,
        Drivetrain drivetrain,
        OperatingRange range) {

    /** Relative spread of the actual shaft speed around the nominal one. */
    public static final double SPEED_JITTER = 0.01;

    /** Validates and copies the lists. */
    public DatasetSpec {
        states = List.copyOf(states);
        if (range != null) {
            speedsHz = List.of(range.minHz(), range.maxHz());
            loads = List.of(range.minLoad(), range.maxLoad());
        }
        speedsHz = List.copyOf(speedsHz);
        loads = List.copyOf(loads);
        if (states.isEmpty() || speedsHz.isEmpty() || loads.isEmpty()) {
            throw new IllegalArgumentException("states, speeds and loads must not be empty");
        }
        for (double hz : speedsHz) {
            if (!(hz > 0) || Double.isInfinite(hz)) {
                throw new IllegalArgumentException("speeds must be positive, got " + hz);
            }
        }
        for (double load : loads) {
            if (!(load >= 0) || Double.isInfinite(load)) {
                throw new IllegalArgumentException("loads must be >= 0, got " + load);
            }
        }
        if (windowsPerCombination < 1 || windowLength < 16) {
            throw new IllegalArgumentException(
                    "need windowsPerCombination >= 1 and windowLength >= 16");
        }
        long count =
                (long) states.size() * combinations(speedsHz, loads, range) * windowsPerCombination;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "data set too large: " + count + " windows of " + windowLength);
        }
        if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
            throw new IllegalArgumentException("sampleRateHz must be positive");
        }
        if (!(minSeverity >= 0 && minSeverity <= maxSeverity && maxSeverity <= 1)) {
            throw new IllegalArgumentException("need 0 <= minSeverity <= maxSeverity <= 1");
        }
        if (noise == null || drivetrain == null) {
            throw new IllegalArgumentException("noise and drivetrain are required");
        }
        if (noise != NoiseType.NONE && !Double.isFinite(snrDb)) {
            throw new IllegalArgumentException("snrDb must be finite when noise is " + noise);
        }
    }

    /** The paper's set: 8 states x 20/30/40 Hz x loads 0/0.5/1 x 400 windows of 2048 at 12.8 kHz. */
    public static DatasetSpec paper() {
        return builder().build();
    }

    /** A builder starting from the paper's defaults (seed 42, severity 0.5-1, no noise). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.states = states;
        b.speedsHz = speedsHz;
        b.loads = loads;
        b.windowsPerCombination = windowsPerCombination;
        b.windowLength = windowLength;
        b.sampleRateHz = sampleRateHz;
        b.seed = seed;
        b.minSeverity = minSeverity;
        b.maxSeverity = maxSeverity;
        b.noise = noise;
        b.snrDb = snrDb;
        b.drivetrain = drivetrain;
        b.range = range;
        return b;
    }

    private static int combinations(
            List<Double> speedsHz, List<Double> loads, OperatingRange range) {
        return range != null ? 1 : speedsHz.size() * loads.size();
    }

    /** True when speeds and loads are drawn from a continuous {@link #range()}. */
    public boolean continuous() {
        return range != null;
    }

    /** Total number of windows. */
    public int windowCount() {
        return states.size() * combinations(speedsHz, loads, range) * windowsPerCombination;
    }

    /** The state of window {@code index}. */
    public HealthState stateOf(int index) {
        return states.get(index / (windowsPerCombination * combinations(speedsHz, loads, range)));
    }

    /** The nominal speed of grid window {@code index}. */
    public double nominalSpeedOf(int index) {
        requireGrid();
        return speedsHz.get(index / (windowsPerCombination * loads.size()) % speedsHz.size());
    }

    /** The load of grid window {@code index}. */
    public double loadOf(int index) {
        requireGrid();
        return loads.get(index / windowsPerCombination % loads.size());
    }

    private void requireGrid() {
        if (range != null) {
            throw new IllegalStateException(
                    "windows of a continuous range have no nominal speed or load");
        }
    }

    /** Builds a {@link DatasetSpec}; every field starts at the paper's value. */
    public static final class Builder {
        private List<HealthState> states = List.of(HealthState.values());
        private List<Double> speedsHz = List.of(20.0, 30.0, 40.0);
        private List<Double> loads = List.of(0.0, 0.5, 1.0);
        private int windowsPerCombination = 400;
        private int windowLength = 2048;
        private double sampleRateHz = 12_800;
        private long seed = 42;
        private double minSeverity = 0.5;
        private double maxSeverity = 1.0;
        private NoiseType noise = NoiseType.NONE;
        private double snrDb = Double.NaN;
        private Drivetrain drivetrain = Drivetrain.defaults();
        private OperatingRange range;

        private Builder() {}

        /** Health states to generate. */
        public Builder states(List<HealthState> value) {
            states = value;
            return this;
        }

        /** Nominal shaft speeds in Hz. */
        public Builder speedsHz(List<Double> value) {
            speedsHz = value;
            return this;
        }

        /** Loads. */
        public Builder loads(List<Double> value) {
            loads = value;
            return this;
        }

        /** Windows per (state, speed, load). */
        public Builder windowsPerCombination(int value) {
            windowsPerCombination = value;
            return this;
        }

        /** Samples per window. */
        public Builder windowLength(int value) {
            windowLength = value;
            return this;
        }

        /** Sample rate in Hz. */
        public Builder sampleRateHz(double value) {
            sampleRateHz = value;
            return this;
        }

        /** Master seed. */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Severity range of fault windows. */
        public Builder severity(double min, double max) {
            minSeverity = min;
            maxSeverity = max;
            return this;
        }

        /** Noise added to every window. */
        public Builder noise(NoiseType type, double snr) {
            noise = type;
            snrDb = type == NoiseType.NONE ? Double.NaN : snr;
            return this;
        }

        /** The simulated machine. */
        public Builder drivetrain(Drivetrain value) {
            drivetrain = value;
            return this;
        }

        /** A continuous operating range instead of the grid of speeds and loads (null: the grid). */
        public Builder range(OperatingRange value) {
            range = value;
            return this;
        }

        /** The spec. */
        public DatasetSpec build() {
            return new DatasetSpec(
                    states,
                    speedsHz,
                    loads,
                    windowsPerCombination,
                    windowLength,
                    sampleRateHz,
                    seed,
                    minSeverity,
                    maxSeverity,
                    noise,
                    snrDb,
                    drivetrain,
                    range);
        }
    }
}
