package io.drsnstream.training;

import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.RecordedWindows;
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
 * cut into windows as the job cuts them ({@link RecordingWindows}), collected in sensor-sim's
 * {@link RecordedWindows} (the format {@code drsn-demo record} writes too). Window start times
 * are seconds from the file's first sample.
 */
final class RecordingImport {

    private final RecordingManifest manifest;
    private final double sampleRateHz;
    private final int windowLength;
    private final int hop;

    private final RecordedWindows recorded;
    private final List<Integer> windowRecording = new ArrayList<>();
    private final List<Map<String, Object>> recordingDescriptions = new ArrayList<>();

    RecordingImport(RecordingManifest manifest, double sampleRateHz, int windowLength, int hop) {
        this.manifest = manifest;
        this.sampleRateHz = sampleRateHz;
        this.windowLength = windowLength;
        this.hop = hop;
        this.recorded = new RecordedWindows(windowLength, sampleRateHz);
    }

    /** Reads, resamples and cuts every recording; progress lines go to {@code err}. */
    Dataset run(PrintWriter err) throws IOException {
        for (RecordingManifest.Recording r : manifest.recordings()) {
            add(r, err);
        }
        if (recorded.size() == 0) {
            throw new RecordingException(
                    manifest.path()
                            + ": no window of "
                            + windowLength
                            + " samples at "
                            + sampleRateHz
                            + " Hz lies within a labelled span of any recording");
        }
        return recorded.toDataset();
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
                    case MAT -> MatRecordingReader.read(r.file(), r.variables());
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
                            samples.length,
                            sampleRateHz,
                            windowLength,
                            r.hop() != null ? r.hop() : hop,
                            r.labels())) {
                recorded.add(
                        java.util.Arrays.copyOfRange(
                                samples, cut.start(), cut.start() + windowLength),
                        HealthState.valueOf(cut.label()),
                        r.speedHz() == null ? Float.NaN : r.speedHz().floatValue(),
                        r.load() == null ? Float.NaN : r.load().floatValue(),
                        r.sensors().get(c),
                        cut.start() / sampleRateHz);
                windowRecording.add(r.index());
                kept++;
            }
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", r.file().getFileName().toString());
        d.put("format", r.format().manifestName());
        d.put("sensors", r.sensors());
        if (r.variables() != null) {
            d.put("variables", signal.sources());
        }
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
        if (r.hop() != null) {
            d.put("hop", r.hop());
        }
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
        p.putAll(recorded.sources());
        return p;
    }
}
