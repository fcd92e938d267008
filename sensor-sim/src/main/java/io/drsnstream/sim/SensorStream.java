package io.drsnstream.sim;

import java.util.Objects;

/**
 * A continuous simulated accelerometer: consecutive chunks of a never-ending signal whose health
 * follows a {@link Timeline}.
 *
 * <p>The stream is phase-continuous: the chunks, concatenated, are exactly the samples one long
 * generation with the same settings produces, whatever the chunk size. To keep that true with
 * noise, noise is added in fixed blocks of {@value #NOISE_BLOCK} samples aligned to sample 0:
 * each block's SNR refers to the block's own clean power (as for a training window) and uses the
 * timeline's noise setting at the block's first sample. Chunks are cut from those blocks.
 *
 * <p>Timestamps come from the sample index ({@code start + floor(index * 1e6 / sampleRate)}),
 * never from adding chunk durations, so they cannot drift. At 12.8 kHz a chunk of 256 samples
 * is exactly 20,000 microseconds.
 *
 * <p>Not thread-safe: one stream per producer thread.
 */
public final class SensorStream {

    /** Length of the blocks noise is added in (the training window length). */
    public static final int NOISE_BLOCK = 2048;

    private final String machineId;
    private final String sensorId;
    private final double sampleRateHz;
    private final int chunkSize;
    private final long startTimeMicros;
    private final double load;
    private final SpeedProfile speed;
    private final Timeline timeline;
    private final VibrationGenerator generator;
    private final NoiseInjector noise;
    private final float[] block = new float[NOISE_BLOCK];
    private int blockPosition = NOISE_BLOCK;
    private long samplesEmitted;
    private long nextSeq;

    private SensorStream(Builder b) {
        this.machineId = Objects.requireNonNull(b.machineId, "machineId");
        this.sensorId = Objects.requireNonNull(b.sensorId, "sensorId");
        if (b.chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be >= 1, was " + b.chunkSize);
        }
        this.sampleRateHz = b.sampleRateHz;
        this.chunkSize = b.chunkSize;
        this.startTimeMicros = b.startTimeMicros;
        this.load = b.load;
        this.speed = b.speed;
        this.timeline = b.timeline;
        this.generator =
                new VibrationGenerator(
                        b.drivetrain,
                        b.sampleRateHz,
                        b.speed,
                        b.load,
                        b.timeline,
                        Seeds.derive(b.seed, 0));
        this.noise = new NoiseInjector(Seeds.derive(b.seed, 1));
    }

    /** A builder; only the ids are required. */
    public static Builder builder(String machineId, String sensorId) {
        return new Builder(machineId, sensorId);
    }

    /** The next chunk of {@link #chunkSize()} samples. */
    public SimulatedChunk next() {
        return next(chunkSize);
    }

    /** The next chunk, of {@code samples} samples (the sequence number still advances by one). */
    public SimulatedChunk next(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("samples must be >= 1, was " + samples);
        }
        long first = samplesEmitted;
        double t = first / sampleRateHz;
        Timeline.Phase phase = timeline.phaseAt(t);
        float[] out = new float[samples];
        int filled = 0;
        while (filled < samples) {
            if (blockPosition == NOISE_BLOCK) {
                refillBlock();
            }
            int n = Math.min(samples - filled, NOISE_BLOCK - blockPosition);
            System.arraycopy(block, blockPosition, out, filled, n);
            blockPosition += n;
            filled += n;
        }
        samplesEmitted += samples;
        return new SimulatedChunk(
                machineId,
                sensorId,
                nextSeq++,
                timestampMicros(first),
                sampleRateHz,
                out,
                speed.hzAt(t),
                load,
                phase.state(),
                timeline.severityAt(t),
                phase.noise(),
                phase.snrDb());
    }

    /** Samples handed out so far (the index of the next chunk's first sample). */
    public long samplesEmitted() {
        return samplesEmitted;
    }

    /** Default chunk length in samples. */
    public int chunkSize() {
        return chunkSize;
    }

    /** Sample rate in Hz. */
    public double sampleRateHz() {
        return sampleRateHz;
    }

    /** Epoch-microsecond timestamp of sample {@code index}. */
    public long timestampMicros(long index) {
        double rate = sampleRateHz;
        if (rate == Math.rint(rate) && index < Long.MAX_VALUE / 1_000_000L) {
            // Exact integer arithmetic for the usual integral sample rates.
            return startTimeMicros + Math.floorDiv(index * 1_000_000L, (long) rate);
        }
        return startTimeMicros + (long) Math.floor(index * 1e6 / rate);
    }

    private void refillBlock() {
        long blockStart = generator.position();
        generator.fill(block, 0, NOISE_BLOCK);
        Timeline.Phase phase = timeline.phaseAt(blockStart / sampleRateHz);
        if (phase.noise() != NoiseType.NONE) {
            noise.addInPlace(block, phase.noise(), phase.snrDb());
        }
        blockPosition = 0;
    }

    /** Builds a {@link SensorStream}. */
    public static final class Builder {
        private final String machineId;
        private final String sensorId;
        private long seed = 1;
        private double sampleRateHz = 12_800;
        private int chunkSize = 256;
        private long startTimeMicros;
        private double load = 0.5;
        private SpeedProfile speed = SpeedProfile.constant(30);
        private Timeline timeline = Timeline.constant(HealthState.HEALTHY, 0);
        private Drivetrain drivetrain = Drivetrain.defaults();

        private Builder(String machineId, String sensorId) {
            this.machineId = machineId;
            this.sensorId = sensorId;
        }

        /** Seed of every random choice (default 1). */
        public Builder seed(long value) {
            seed = value;
            return this;
        }

        /** Sample rate (default 12,800 Hz). */
        public Builder sampleRateHz(double value) {
            sampleRateHz = value;
            return this;
        }

        /** Samples per chunk (default 256). */
        public Builder chunkSize(int value) {
            chunkSize = value;
            return this;
        }

        /** Epoch-microsecond timestamp of sample 0 (default 0). */
        public Builder startTimeMicros(long value) {
            startTimeMicros = value;
            return this;
        }

        /** Load, fraction of rated load (default 0.5). */
        public Builder load(double value) {
            load = value;
            return this;
        }

        /** Constant shaft speed (default 30 Hz). */
        public Builder shaftHz(double value) {
            speed = SpeedProfile.constant(value);
            return this;
        }

        /** Shaft speed over time, e.g. {@link SpeedProfile#ramp}. */
        public Builder speed(SpeedProfile value) {
            speed = Objects.requireNonNull(value);
            return this;
        }

        /** Health and noise over time (default: healthy, no noise). */
        public Builder timeline(Timeline value) {
            timeline = Objects.requireNonNull(value);
            return this;
        }

        /** The machine (default {@link Drivetrain#defaults()}). */
        public Builder drivetrain(Drivetrain value) {
            drivetrain = Objects.requireNonNull(value);
            return this;
        }

        /** The stream, positioned at sample 0. */
        public SensorStream build() {
            return new SensorStream(this);
        }
    }
}
