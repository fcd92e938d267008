package io.drsnstream.sim;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Generates the windows a {@link DatasetSpec} describes. Window {@code i} depends only on the
 * spec and {@code i} (its random generator is seeded from the master seed and the index), so
 * windows can be made in any order, on any number of threads, or one at a time on demand, and
 * always come out the same.
 */
public final class DatasetGenerator {

    /** Mixed into the seed of the operating-point draws of a continuous range. */
    private static final long OPERATING_POINT_STREAM = 0x6F70706F696E7473L;

    private final DatasetSpec spec;

    /** A generator for {@code spec}. */
    public DatasetGenerator(DatasetSpec spec) {
        this.spec = spec;
    }

    /** The spec. */
    public DatasetSpec spec() {
        return spec;
    }

    /** All windows, generated in parallel on the common fork-join pool (all cores). */
    public Dataset generate() {
        int n = spec.windowCount();
        float[][] windows = new float[n][];
        int[] labels = new int[n];
        float[] shaftHz = new float[n];
        float[] loads = new float[n];
        float[] severities = new float[n];
        IntStream.range(0, n)
                .parallel()
                .forEach(
                        i -> {
                            LabelledWindow w = window(i);
                            windows[i] = w.samples();
                            labels[i] = w.state().classIndex();
                            shaftHz[i] = (float) w.shaftHz();
                            loads[i] = (float) w.load();
                            severities[i] = (float) w.severity();
                        });
        return new Dataset(spec, windows, labels, shaftHz, loads, severities);
    }

    /** Window {@code index} alone (0 <= index < {@link DatasetSpec#windowCount()}). */
    public LabelledWindow window(int index) {
        if (index < 0 || index >= spec.windowCount()) {
            throw new IndexOutOfBoundsException("window " + index + " of " + spec.windowCount());
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(spec.seed(), index));
        HealthState state = spec.stateOf(index);
        // Draw everything for every window so the sequence does not depend on the state.
        double drawnSeverity =
                random.nextDouble(spec.minSeverity(), Math.nextUp(spec.maxSeverity()));
        double severity =
                state == HealthState.HEALTHY ? 0 : Math.min(drawnSeverity, spec.maxSeverity());
        double jitter = random.nextDouble(-DatasetSpec.SPEED_JITTER, DatasetSpec.SPEED_JITTER);
        double shaftHz;
        double load;
        if (spec.continuous()) {
            // A derived generator, so grid data sets keep the sequence (and the windows) they had.
            SplittableRandom point =
                    new SplittableRandom(Seeds.derive(spec.seed() ^ OPERATING_POINT_STREAM, index));
            shaftHz = spec.range().drawHz(point);
            load = spec.range().drawLoad(point);
        } else {
            shaftHz = spec.nominalSpeedOf(index) * (1 + jitter);
            load = spec.loadOf(index);
        }
        long signalSeed = random.nextLong();
        long noiseSeed = random.nextLong();

        VibrationGenerator generator =
                new VibrationGenerator(
                        spec.drivetrain(),
                        spec.sampleRateHz(),
                        SpeedProfile.constant(shaftHz),
                        load,
                        Timeline.constant(state, severity),
                        signalSeed);
        float[] samples = generator.next(spec.windowLength());
        if (spec.noise() != NoiseType.NONE) {
            new NoiseInjector(noiseSeed).addInPlace(samples, spec.noise(), spec.snrDb());
        }
        return new LabelledWindow(samples, state, shaftHz, load, severity);
    }
}
