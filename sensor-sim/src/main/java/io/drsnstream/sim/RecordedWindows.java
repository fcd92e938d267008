package io.drsnstream.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled windows recorded from real sensors (imported files, captured topic), collected into a
 * {@link Dataset} that {@link DatasetFile} writes: the one data set format of the project, shared
 * by {@code drsn-train import} (model-training) and {@code drsn-demo record} (demo), which both
 * depend on this module.
 *
 * <p>The data set file describes simulated data; for recordings its spec is filled so that every
 * existing reader takes it: a "continuous range" spec whose states list names each window's label
 * (one window per entry, so window {@code i}'s label is entry {@code i}), the operating range
 * spanning the recorded speeds and loads ({@link OperatingRange#SUPPORTED} where none is known),
 * seed 0, no noise, the default drivetrain. Per window the shaft speed and load are the
 * recording's, NaN when unknown, and the severity is NaN (unknown). What the file cannot hold,
 * the sensor and start time of every window, {@link #sources()} gives; callers write it next to
 * the data set, in {@link #sourcesFile}.
 */
public final class RecordedWindows {

    private final int windowLength;
    private final double sampleRateHz;
    private final List<float[]> windows = new ArrayList<>();
    private final List<HealthState> states = new ArrayList<>();
    private final List<Float> speeds = new ArrayList<>();
    private final List<Float> loads = new ArrayList<>();
    private final List<String> sensors = new ArrayList<>();
    private final List<Double> startSeconds = new ArrayList<>();

    /**
     * @param windowLength samples per window
     * @param sampleRateHz the windows' sample rate
     */
    public RecordedWindows(int windowLength, double sampleRateHz) {
        this.windowLength = windowLength;
        this.sampleRateHz = sampleRateHz;
    }

    /** The JSON file of a data set's window sources: {@code FILE.sources.json}. */
    public static Path sourcesFile(Path dataset) {
        return dataset.resolveSibling(dataset.getFileName() + ".sources.json");
    }

    /**
     * Adds one window (kept, not copied).
     *
     * @param window {@code windowLength} samples
     * @param state its label
     * @param shaftHz shaft speed while recorded, NaN when unknown
     * @param load load while recorded, NaN when unknown
     * @param sensor the sensor it comes from
     * @param start its first sample's time in seconds (from the file's start, or since the epoch)
     */
    public void add(
            float[] window,
            HealthState state,
            float shaftHz,
            float load,
            String sensor,
            double start) {
        if (window.length != windowLength) {
            throw new IllegalArgumentException(
                    "window of " + window.length + " samples, expected " + windowLength);
        }
        windows.add(window);
        states.add(state);
        speeds.add(shaftHz);
        loads.add(load);
        sensors.add(sensor);
        startSeconds.add(start);
    }

    /** Windows so far. */
    public int size() {
        return windows.size();
    }

    /** The windows as a data set (see the class comment for its spec). */
    public Dataset toDataset() {
        if (windows.isEmpty()) {
            throw new IllegalStateException("no windows");
        }
        int n = windows.size();
        float[] shaft = new float[n];
        float[] load = new float[n];
        float[] severity = new float[n];
        for (int i = 0; i < n; i++) {
            shaft[i] = speeds.get(i);
            load[i] = loads.get(i);
            severity[i] = Float.NaN;
        }
        DatasetSpec spec =
                DatasetSpec.builder()
                        .states(states)
                        .range(range())
                        .windowsPerCombination(1)
                        .windowLength(windowLength)
                        .sampleRateHz(sampleRateHz)
                        .seed(0)
                        .severity(0, 1)
                        .build();
        int[] labels = states.stream().mapToInt(HealthState::classIndex).toArray();
        return new Dataset(spec, windows.toArray(new float[0][]), labels, shaft, load, severity);
    }

    /** Per window, in order: its sensor and start second; JSON-ready. */
    public Map<String, Object> sources() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowSensor", List.copyOf(sensors));
        m.put("windowStartSeconds", List.copyOf(startSeconds));
        return m;
    }

    private OperatingRange range() {
        OperatingRange supported = OperatingRange.SUPPORTED;
        return new OperatingRange(
                bound(speeds, true, supported.minHz()),
                bound(speeds, false, supported.maxHz()),
                bound(loads, true, supported.minLoad()),
                bound(loads, false, supported.maxLoad()));
    }

    private static double bound(List<Float> values, boolean min, double fallback) {
        double b = Double.NaN;
        for (float v : values) {
            if (!Float.isNaN(v)) {
                b = Double.isNaN(b) ? v : min ? Math.min(b, v) : Math.max(b, v);
            }
        }
        return Double.isNaN(b) ? fallback : b;
    }
}
