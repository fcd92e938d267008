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
 *    "format": "wav",                   optional: csv, wav, f32le, npy (default: the extension)
 *    "sampleRateHz": 25600,             required except for WAV (whose header has it)
 *    "sensors": ["pump-a-x", "pump-a-y"],  a column (CSV, f32le, npy) or channel (WAV) per sensor
 *    "unit": "g", "machine": "pump-a",  required, recorded in the provenance
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
        Path base = path.toAbsolutePath().getParent();
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
                unit,
                machine,
                speed,
                load,
                List.copyOf(sorted));
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
