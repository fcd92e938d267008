package io.drsnstream.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The manifest of {@code drsn-train import}: which recordings, what is in them, and what state
 * the machine was in when. JSON:
 *
 * <pre>
 * {"recordings": [
 *   {"file": "pump-a.wav",              path relative to the manifest
 *    "format": "wav",                   optional: csv, wav, f32le, npy, mat (default: the extension)
 *    "sampleRateHz": 25600,             required except for WAV (whose header has it)
 *    "sensors": ["pump-a-x", "pump-a-y"],  a column (CSV, f32le, npy) or channel (WAV) per sensor
 *    "variables": [["X105_DE_time", "X\\d+_DE_time"], ...],  .mat only, required: per sensor the
 *                                       candidate variable names or patterns, tried in order
 *    "unit": "g", "machine": "pump-a",  required, recorded in the provenance
 *    "hop": 256,                        optional: samples between window starts for this file
 *                                       (default: import's --hop)
 *    "speedHz": 25.0, "load": 0.6,      optional operating point
 *    "labels": [{"from": 0, "to": 60, "label": "HEALTHY"}, ...]}   seconds, [from, to)
 * ]}
 * </pre>
 *
 * Label spans of one file must not overlap and must lie within the file (checked once its
 * length is known, by {@link #checkSpansWithin}); every error names the manifest or file and the
 * field.
 */
record RecordingManifest(Path path, List<Recording> recordings) {

    /** One recording file. */
    record Recording(
            int index,
            Path file,
            RecordingFormat format,
            Double sampleRateHz,
            List<String> sensors,
            List<List<String>> variables,
            Integer hop,
            String unit,
            String machine,
            Double speedHz,
            Double load,
            List<LabelSpan> labels) {

        String where(Path manifest) {
            return manifest + ": recordings[" + index + "] (" + file.getFileName() + ")";
        }
    }

    /** A labelled time span, in seconds from the recording's first sample, end exclusive. */
    record LabelSpan(double fromSeconds, double toSeconds, String label) {}

    static RecordingManifest read(Path path, Set<String> knownLabels) throws IOException {
        return read(path, knownLabels, null);
    }

    /**
     * As {@link #read(Path, Set)}, with the recordings' file names relative to {@code recordingsDir}
     * instead of the manifest's folder when it is not null (a manifest kept apart from its data,
     * such as the CWRU manifests in the repository).
     */
    static RecordingManifest read(Path path, Set<String> knownLabels, Path recordingsDir)
            throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RecordingException(path + ": manifest does not exist");
        }
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject()) {
                throw new RecordingException(path + ": the manifest must be a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new RecordingException(
                    path + ": not valid JSON: " + rootCause(e).getMessage(), e);
        }
        JsonElement list = root.get("recordings");
        if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
            throw new RecordingException(path + ": \"recordings\" must be a non-empty list");
        }
        Path base =
                recordingsDir != null
                        ? recordingsDir.toAbsolutePath()
                        : path.toAbsolutePath().getParent();
        List<Recording> recordings = new ArrayList<>();
        JsonArray array = list.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String where = path + ": recordings[" + i + "]";
            if (!array.get(i).isJsonObject()) {
                throw new RecordingException(where + ": must be an object");
            }
            recordings.add(recording(i, array.get(i).getAsJsonObject(), base, where, knownLabels));
        }
        return new RecordingManifest(path, List.copyOf(recordings));
    }

    private static Recording recording(
            int index, JsonObject o, Path base, String where, Set<String> knownLabels) {
        String fileName = string(o, "file", where, true);
        Path file = base.resolve(fileName);
        where = where + " (" + fileName + ")";
        RecordingFormat format = RecordingFormat.of(string(o, "format", where, false), file, where);
        Double rate = number(o, "sampleRateHz", where);
        if (rate == null && format != RecordingFormat.WAV) {
            throw new RecordingException(
                    where
                            + ": sample rate missing: \"sampleRateHz\" is required for "
                            + format.manifestName());
        }
        if (rate != null && !(rate > 0 && Double.isFinite(rate))) {
            throw new RecordingException(
                    where + ": \"sampleRateHz\" must be positive, got " + rate);
        }
        JsonElement sensorsJson = o.get("sensors");
        if (sensorsJson == null
                || !sensorsJson.isJsonArray()
                || sensorsJson.getAsJsonArray().isEmpty()) {
            throw new RecordingException(
                    where
                            + ": \"sensors\" must be a non-empty list of sensor ids (a column or channel each)");
        }
        List<String> sensors = new ArrayList<>();
        for (JsonElement s : sensorsJson.getAsJsonArray()) {
            if (!s.isJsonPrimitive() || s.getAsString().isBlank()) {
                throw new RecordingException(
                        where + ": \"sensors\" entries must be non-blank strings");
            }
            if (sensors.contains(s.getAsString())) {
                throw new RecordingException(
                        where + ": sensor '" + s.getAsString() + "' listed twice");
            }
            sensors.add(s.getAsString());
        }
        List<List<String>> variables = variables(o, format, sensors.size(), where);
        Double hopValue = number(o, "hop", where);
        if (hopValue != null && !(hopValue >= 1 && hopValue == Math.rint(hopValue))) {
            throw new RecordingException(
                    where
                            + ": \"hop\" must be a positive whole number of samples, got "
                            + hopValue);
        }
        Integer hop = hopValue == null ? null : hopValue.intValue();
        String unit = string(o, "unit", where, true);
        String machine = string(o, "machine", where, true);
        Double speed = number(o, "speedHz", where);
        if (speed != null && !(speed > 0 && Double.isFinite(speed))) {
            throw new RecordingException(where + ": \"speedHz\" must be positive, got " + speed);
        }
        Double load = number(o, "load", where);
        if (load != null && !(load >= 0 && Double.isFinite(load))) {
            throw new RecordingException(where + ": \"load\" must be >= 0, got " + load);
        }
        JsonElement labelsJson = o.get("labels");
        if (labelsJson == null
                || !labelsJson.isJsonArray()
                || labelsJson.getAsJsonArray().isEmpty()) {
            throw new RecordingException(where + ": \"labels\" must be a non-empty list of spans");
        }
        List<LabelSpan> spans = new ArrayList<>();
        JsonArray la = labelsJson.getAsJsonArray();
        for (int j = 0; j < la.size(); j++) {
            String at = where + ": labels[" + j + "]";
            if (!la.get(j).isJsonObject()) {
                throw new RecordingException(at + ": must be an object {from, to, label}");
            }
            JsonObject span = la.get(j).getAsJsonObject();
            Double from = number(span, "from", at);
            Double to = number(span, "to", at);
            String label = string(span, "label", at, true);
            if (from == null || to == null) {
                throw new RecordingException(at + ": \"from\" and \"to\" (seconds) are required");
            }
            if (!(from >= 0) || !(to > from) || Double.isInfinite(to)) {
                throw new RecordingException(
                        at + ": need 0 <= from < to, got from " + from + " to " + to);
            }
            String known =
                    knownLabels.stream()
                            .filter(l -> l.equalsIgnoreCase(label))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new RecordingException(
                                                    at
                                                            + ": unknown label '"
                                                            + label
                                                            + "' (known: "
                                                            + String.join(", ", knownLabels)
                                                            + ")"));
            spans.add(new LabelSpan(from, to, known));
        }
        List<LabelSpan> sorted = new ArrayList<>(spans);
        sorted.sort(Comparator.comparingDouble(LabelSpan::fromSeconds));
        for (int j = 1; j < sorted.size(); j++) {
            LabelSpan a = sorted.get(j - 1);
            LabelSpan b = sorted.get(j);
            if (b.fromSeconds() < a.toSeconds()) {
                throw new RecordingException(
                        where
                                + ": label spans overlap: "
                                + a.label()
                                + " ["
                                + a.fromSeconds()
                                + ", "
                                + a.toSeconds()
                                + ") and "
                                + b.label()
                                + " ["
                                + b.fromSeconds()
                                + ", "
                                + b.toSeconds()
                                + ")");
            }
        }
        return new Recording(
                index,
                file,
                format,
                rate,
                List.copyOf(sensors),
                variables,
                hop,
                unit,
                machine,
                speed,
                load,
                List.copyOf(sorted));
    }

    /**
     * The .mat variables per sensor: a list with one entry per sensor, each a candidate (string)
     * or a list of candidates; null for the other formats, which must not have the field.
     */
    private static List<List<String>> variables(
            JsonObject o, RecordingFormat format, int sensors, String where) {
        JsonElement e = o.get("variables");
        if (format != RecordingFormat.MAT) {
            if (e != null && !e.isJsonNull()) {
                throw new RecordingException(
                        where
                                + ": \"variables\" applies to .mat files only, not "
                                + format.manifestName());
            }
            return null;
        }
        if (e == null || !e.isJsonArray() || e.getAsJsonArray().size() != sensors) {
            throw new RecordingException(
                    where
                            + ": \"variables\" must list the MATLAB variable of each of the "
                            + sensors
                            + " sensor(s): a name, or a list of names and patterns tried in order");
        }
        List<List<String>> out = new ArrayList<>();
        for (JsonElement v : e.getAsJsonArray()) {
            List<String> candidates = new ArrayList<>();
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                candidates.add(v.getAsString());
            } else if (v.isJsonArray()) {
                for (JsonElement c : v.getAsJsonArray()) {
                    if (!c.isJsonPrimitive() || !c.getAsJsonPrimitive().isString()) {
                        throw new RecordingException(
                                where + ": \"variables\" entries must be strings, got " + c);
                    }
                    candidates.add(c.getAsString());
                }
            }
            if (candidates.isEmpty() || candidates.stream().anyMatch(String::isBlank)) {
                throw new RecordingException(
                        where
                                + ": \"variables\" entry "
                                + v
                                + " must be a variable name or a non-empty list of them");
            }
            out.add(List.copyOf(candidates));
        }
        return List.copyOf(out);
    }

    /** Rejects a label span that ends after the recording, whose length is known only now. */
    void checkSpansWithin(Recording r, double durationSeconds) {
        for (LabelSpan s : r.labels()) {
            // Half a sample of slack: a span "to the end" written with rounded seconds.
            if (s.toSeconds() > durationSeconds * (1 + 1e-9) + 1e-9) {
                throw new RecordingException(
                        r.where(path)
                                + ": label span "
                                + s.label()
                                + " ["
                                + s.fromSeconds()
                                + ", "
                                + s.toSeconds()
                                + ") s lies outside the file, which holds "
                                + durationSeconds
                                + " s");
            }
        }
    }

    private static String string(JsonObject o, String key, String where, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new RecordingException(where + ": \"" + key + "\" is missing");
            }
            return null;
        }
        if (!e.isJsonPrimitive()
                || !e.getAsJsonPrimitive().isString()
                || e.getAsString().isBlank()) {
            throw new RecordingException(where + ": \"" + key + "\" must be a non-blank string");
        }
        return e.getAsString();
    }

    private static Double number(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new RecordingException(where + ": \"" + key + "\" must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
