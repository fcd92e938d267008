package io.drsnstream.sim;

/**
 * A generated (or loaded) data set: windows with labels and per-window operating condition.
 * Arrays are shared, not copied: treat them as read-only or copy before changing them.
 * Index {@code i} of every array refers to the same window; see {@link DatasetSpec} for the order.
 */
public final class Dataset {

    private final DatasetSpec spec;
    private final float[][] windows;
    private final int[] labels;
    private final float[] shaftHz;
    private final float[] loads;
    private final float[] severities;

    /**
     * @param spec the spec the windows were generated from
     * @param windows the windows, {@code windowCount x windowLength}
     * @param labels class index ({@link HealthState#classIndex()}) per window
     * @param shaftHz actual shaft speed per window
     * @param loads load per window
     * @param severities fault severity per window (0 when healthy)
     */
    public Dataset(
            DatasetSpec spec,
            float[][] windows,
            int[] labels,
            float[] shaftHz,
            float[] loads,
            float[] severities) {
        int n = windows.length;
        if (labels.length != n
                || shaftHz.length != n
                || loads.length != n
                || severities.length != n) {
            throw new IllegalArgumentException("all per-window arrays must have " + n + " entries");
        }
        this.spec = spec;
        this.windows = windows;
        this.labels = labels;
        this.shaftHz = shaftHz;
        this.loads = loads;
        this.severities = severities;
    }

    /** The spec. */
    public DatasetSpec spec() {
        return spec;
    }

    /** Number of windows. */
    public int size() {
        return windows.length;
    }

    /** The windows (shared array). */
    public float[][] windows() {
        return windows;
    }

    /** Class index per window (shared array). */
    public int[] labels() {
        return labels;
    }

    /** Actual shaft speed per window (shared array). */
    public float[] shaftHz() {
        return shaftHz;
    }

    /** Load per window (shared array). */
    public float[] loads() {
        return loads;
    }

    /** Severity per window (shared array). */
    public float[] severities() {
        return severities;
    }

    /** The health state of window {@code i}. */
    public HealthState state(int i) {
        return HealthState.fromClassIndex(labels[i]);
    }
}
