package io.drsnstream.training;

import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.OperatingRange;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the recordings of a manifest into a data set of the project's format: every file read,
 * every sensor resampled to the model's rate when its own differs ({@link FourierResampler}) and
 * cut into windows as the job cuts them ({@link RecordingWindows}).
 *
 * <p>The data set file describes simulated data; for recordings its spec is filled so that every
 * existing reader takes it: a "continuous range" spec whose states list names each window's
 * label (one window per entry, so window {@code i}'s label is entry {@code i}), the operating
 * range spanning the recordings' speeds and loads (the simulator's supported range when none is
 * given), seed 0, no noise, the default drivetrain. Per window the shaft speed and load are the
 * recording's, NaN when not given, and the severity is NaN (unknown). What the file cannot hold,
 * which recording, sensor and second every window comes from, {@link #provenance()} holds; the
 * import command writes it next to the data set.
 */
final class RecordingImport {

    private final RecordingManifest manifest;
    private final double sampleRateHz;
    private final int windowLength;
    private final int hop;

    private final List<float[]> windows = new ArrayList<>();
    private final List<HealthState> states = new ArrayList<>();
    private final List<Float> speeds = new ArrayList<>();
    private final List<Float> loads = new ArrayList<>();
    private final List<Integer> windowRecording = new ArrayList<>();
    private final List<String> windowSensor = new ArrayList<>();
    private final List<Double> windowStartSeconds = new ArrayList<>();
    private final List<Map<String, Object>> recordingDescriptions = new ArrayList<>();

    RecordingImport(RecordingManifest manifest, double sampleRateHz, int windowLength, int hop) {
        this.manifest = manifest;
        this.sampleRateHz = sampleRateHz;
        this.windowLength = windowLength;
        this.hop = hop;
    }

    /** Reads, resamples and cuts every recording; progress lines go to {@code err}. */
    Dataset run(PrintWriter err) throws IOException {
        for (RecordingManifest.Recording r : manifest.recordings()) {
            add(r, err);
        }
        if (windows.isEmpty()) {
            throw new RecordingException(
                    manifest.path()
                            + ": no window of "
                            + windowLength
                            + " samples at "
                            + sampleRateHz
                            + " Hz lies within a labelled span of any recording");
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

    private void add(RecordingManifest.Recording r, PrintWriter err) throws IOException {
        String where = r.where(manifest.path());
        if (!java.nio.file.Files.isRegularFile(r.file())) {
            throw new RecordingException(where + ": file does not exist: " + r.file());
        }
        RecordingSignal signal =
                switch (r.format()) {
                    case CSV -> CsvRecordingReader.read(r.file(), r.sensors());
                    case WAV -> WavRecordingReader.read(r.file(), r.sensors().size());
                    case F32LE -> Float32RecordingReader.read(r.file(), r.sensors().size());
                    case NPY -> NpyRecordingReader.read(r.file(), r.sensors().size());
                };
        double rate = r.sampleRateHz() != null ? r.sampleRateHz() : signal.fileSampleRateHz();
        if (r.sampleRateHz() != null
                && !Double.isNaN(signal.fileSampleRateHz())
                && Math.abs(signal.fileSampleRateHz() - r.sampleRateHz()) > 1e-6) {
            throw new RecordingException(
                    where
                            + ": \"sampleRateHz\" "
                            + r.sampleRateHz()
                            + " contradicts the file's header ("
                            + signal.fileSampleRateHz()
                            + " Hz)");
        }
        manifest.checkSpansWithin(r, signal.length() / rate);
        boolean resampled = Math.abs(rate - sampleRateHz) > 1e-9;
        int kept = 0;
        for (int c = 0; c < r.sensors().size(); c++) {
            float[] samples =
                    resampled
                            ? FourierResampler.resample(signal.channels()[c], rate, sampleRateHz)
                            : signal.channels()[c];
            for (RecordingWindows.Cut cut :
                    RecordingWindows.cut(
                            samples.length, sampleRateHz, windowLength, hop, r.labels())) {
                windows.add(
                        java.util.Arrays.copyOfRange(
                                samples, cut.start(), cut.start() + windowLength));
                states.add(HealthState.valueOf(cut.label()));
                speeds.add(r.speedHz() == null ? Float.NaN : r.speedHz().floatValue());
                loads.add(r.load() == null ? Float.NaN : r.load().floatValue());
                windowRecording.add(r.index());
                windowSensor.add(r.sensors().get(c));
                windowStartSeconds.add(cut.start() / sampleRateHz);
                kept++;
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", r.file().getFileName().toString());
        d.put("format", r.format().manifestName());
        d.put("sensors", r.sensors());
        d.put("unit", r.unit());
        d.put("machine", r.machine());
        if (r.speedHz() != null) {
            d.put("speedHz", r.speedHz());
        }
        if (r.load() != null) {
            d.put("load", r.load());
        }
        d.put("fileSampleRateHz", rate);
        d.put("samples", signal.length());
        d.put("resampled", resampled);
        d.put("windows", kept);
        recordingDescriptions.add(d);
        err.printf(
                Locale.ROOT,
                "%s: %d sensor(s), %d samples at %.0f Hz%s -> %d windows%n",
                r.file().getFileName(),
                r.sensors().size(),
                signal.length(),
                rate,
                resampled
                        ? String.format(Locale.ROOT, " (resampled to %.0f Hz)", sampleRateHz)
                        : "",
                kept);
        err.flush();
    }

    private OperatingRange range() {
        double minHz = Double.NaN;
        double maxHz = Double.NaN;
        double minLoad = Double.NaN;
        double maxLoad = Double.NaN;
        for (RecordingManifest.Recording r : manifest.recordings()) {
            if (r.speedHz() != null) {
                minHz = Double.isNaN(minHz) ? r.speedHz() : Math.min(minHz, r.speedHz());
                maxHz = Double.isNaN(maxHz) ? r.speedHz() : Math.max(maxHz, r.speedHz());
            }
            if (r.load() != null) {
                minLoad = Double.isNaN(minLoad) ? r.load() : Math.min(minLoad, r.load());
                maxLoad = Double.isNaN(maxLoad) ? r.load() : Math.max(maxLoad, r.load());
            }
        }
        OperatingRange supported = OperatingRange.SUPPORTED;
        return new OperatingRange(
                Double.isNaN(minHz) ? supported.minHz() : minHz,
                Double.isNaN(maxHz) ? supported.maxHz() : maxHz,
                Double.isNaN(minLoad) ? supported.minLoad() : minLoad,
                Double.isNaN(maxLoad) ? supported.maxLoad() : maxLoad);
    }

    /** Where every window comes from, and how it was cut: JSON-ready. */
    Map<String, Object> provenance() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("source", "recordings");
        p.put("manifest", manifest.path().toString());
        p.put("sampleRateHz", sampleRateHz);
        p.put("windowLength", windowLength);
        p.put("hop", hop);
        p.put(
                "resampling",
                "Fourier (JTransforms FFT), ideal low-pass at the lower Nyquist frequency");
        p.put("recordings", recordingDescriptions);
        p.put("windowRecording", windowRecording);
        p.put("windowSensor", windowSensor);
        p.put("windowStartSeconds", windowStartSeconds);
        return p;
    }
}
