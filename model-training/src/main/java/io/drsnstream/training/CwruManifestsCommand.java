package io.drsnstream.training;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code drsn-train cwru-manifests}: writes the import manifests of the CWRU benchmark from the
 * catalog of the CWRU files (the {@code catalog.json} beside them). The recordings are the 12 kHz
 * drive-end set the literature uses: normal baseline 97 and the inner-race, ball and outer-race
 * (@6 o'clock) faults of 0.007, 0.014 and 0.021 in. Labels are the model's health states
 * (HEALTHY, INNER_RACE, BALL, OUTER_RACE: the fault type, not its size). Every recording is split
 * by time, as fractions of its duration: training {@code [0, 0.6)}, validation {@code [0.6,
 * 0.7)}, test {@code [0.7, 1)}; windows are kept only wholly inside one span, so no window of one
 * split shares a sample with a window of another. 3 hp is the held-out load of protocol (b): no
 * 3 hp recording is in the training or validation manifest.
 */
@Command(
        name = "cwru-manifests",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description = {
            "Writes the CWRU benchmark's import manifests from the CWRU catalog.json: train.json "
                    + "(0-2 hp, first 60 % of every recording), validation.json (0-2 hp, 60-70 %), "
                    + "a-test.json (protocol a: 0 hp, last 30 %) and b-test.json (protocol b: the "
                    + "3 hp fault recordings, whole).",
            "Import them with 'import --manifest DIR/train.json --recordings <the CWRU folder>'."
        })
final class CwruManifestsCommand implements Callable<Integer> {

    /** End of the training span, as a fraction of a recording's duration. */
    static final double TRAIN_END = 0.6;

    /** End of the validation span (threshold calibration, model choice). */
    static final double VALIDATION_END = 0.7;

    /** The held-out load of protocol (b). */
    static final int HELD_OUT_LOAD_HP = 3;

    /**
     * Samples between the training windows of the one healthy recording (97, 0 hp, 3 s of
     * training span): with a hop of 512 it would give 68 windows beside about 1,250 of each fault
     * type; a hop of 32 gives about 1,080, heavily overlapping (shifted copies, not new data).
     */
    static final int HEALTHY_TRAINING_HOP = 32;

    /** The fault sizes of the literature's 10-class protocol. */
    static final List<Double> DIAMETERS = List.of(0.007, 0.014, 0.021);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--catalog",
            paramLabel = "FILE",
            defaultValue = "../shared/data/cwru/catalog.json",
            description = "The CWRU catalog (default: ${DEFAULT-VALUE}).")
    Path catalog;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "datasets/cwru",
            description = "Where to write the manifests (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Map<String, JsonObject> manifests = manifests(readCatalog(catalog));
        Files.createDirectories(out);
        for (Map.Entry<String, JsonObject> m : manifests.entrySet()) {
            Path file = out.resolve(m.getKey());
            Files.writeString(
                    file,
                    new GsonBuilder()
                                    .setPrettyPrinting()
                                    .disableHtmlEscaping()
                                    .create()
                                    .toJson(m.getValue())
                            + "\n",
                    StandardCharsets.UTF_8);
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "wrote %s: %d recordings%n",
                            file,
                            m.getValue().getAsJsonArray("recordings").size());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    static JsonArray readCatalog(Path catalog) throws IOException {
        try {
            JsonElement root =
                    JsonParser.parseString(Files.readString(catalog, StandardCharsets.UTF_8));
            return root.getAsJsonObject().getAsJsonArray("files");
        } catch (NoSuchFileException e) {
            throw new CliFailure(
                    catalog
                            + " does not exist: point --catalog at the catalog.json beside the "
                            + "CWRU files (../shared/data/cwru in the project's layout)");
        } catch (RuntimeException e) {
            throw new CliFailure(catalog + ": not a CWRU catalog: " + e.getMessage(), e);
        }
    }

    /** The manifests by file name, in a stable order. */
    static Map<String, JsonObject> manifests(JsonArray files) {
        List<JsonObject> train = new ArrayList<>();
        List<JsonObject> validation = new ArrayList<>();
        List<JsonObject> aTest = new ArrayList<>();
        List<JsonObject> bTest = new ArrayList<>();
        for (JsonElement e : files) {
            JsonObject f = e.getAsJsonObject();
            String label = label(f);
            if (label == null) {
                continue;
            }
            int load = f.get("loadHp").getAsInt();
            double seconds = f.get("samples").getAsDouble() / f.get("sampleRateHz").getAsDouble();
            if (load == HELD_OUT_LOAD_HP) {
                if (!label.equals("HEALTHY")) {
                    bTest.add(recording(f, label, 0, seconds));
                }
                continue;
            }
            JsonObject t = recording(f, label, 0, TRAIN_END * seconds);
            if (label.equals("HEALTHY")) {
                t.addProperty("hop", HEALTHY_TRAINING_HOP);
            }
            train.add(t);
            validation.add(recording(f, label, TRAIN_END * seconds, VALIDATION_END * seconds));
            if (load == 0) {
                aTest.add(recording(f, label, VALIDATION_END * seconds, seconds));
            }
        }
        Map<String, JsonObject> m = new LinkedHashMap<>();
        m.put("train.json", manifest(train));
        m.put("validation.json", manifest(validation));
        m.put("a-test.json", manifest(aTest));
        m.put("b-test.json", manifest(bTest));
        return m;
    }

    /** The health state of a catalog entry of the benchmark's set, or null when not in it. */
    static String label(JsonObject f) {
        String condition = f.get("condition").getAsString();
        if (condition.equals("NORMAL")) {
            return "HEALTHY";
        }
        JsonElement d = f.get("faultDiameterInch");
        if (d == null || d.isJsonNull() || !DIAMETERS.contains(d.getAsDouble())) {
            return null;
        }
        if (condition.equals("OUTER_RACE")) {
            JsonElement pos = f.get("outerRacePosition");
            return pos != null && !pos.isJsonNull() && pos.getAsString().equals("@6")
                    ? "OUTER_RACE"
                    : null;
        }
        return condition.equals("INNER_RACE") || condition.equals("BALL") ? condition : null;
    }

    private static JsonObject recording(JsonObject f, String label, double from, double to) {
        int number = f.get("fileNumber").getAsInt();
        JsonObject r = new JsonObject();
        r.addProperty("file", f.get("file").getAsString());
        r.addProperty("format", "mat");
        r.addProperty("sampleRateHz", f.get("sampleRateHz").getAsDouble());
        JsonArray sensors = new JsonArray();
        sensors.add("cwru-" + number + "/DE");
        r.add("sensors", sensors);
        JsonArray candidates = new JsonArray();
        candidates.add(String.format(Locale.ROOT, "X%03d_DE_time", number));
        candidates.add("X\\d+_DE_time");
        JsonArray variables = new JsonArray();
        variables.add(candidates);
        r.add("variables", variables);
        r.addProperty("unit", "g");
        r.addProperty("machine", "cwru-" + loadName(f) + "-" + number);
        r.addProperty("speedHz", Math.round(f.get("rpm").getAsDouble() / 60.0 * 1000) / 1000.0);
        r.addProperty("load", f.get("loadHp").getAsDouble() / HELD_OUT_LOAD_HP);
        JsonArray labels = new JsonArray();
        JsonObject span = new JsonObject();
        span.addProperty("from", round(from));
        span.addProperty("to", round(to));
        span.addProperty("label", label);
        labels.add(span);
        r.add("labels", labels);
        return r;
    }

    private static String loadName(JsonObject f) {
        return f.get("loadHp").getAsInt() + "hp";
    }

    /** Rounded down to the microsecond: a span never reaches past what it was computed from. */
    private static double round(double seconds) {
        return Math.floor(seconds * 1e6) / 1e6;
    }

    private static JsonObject manifest(List<JsonObject> recordings) {
        JsonObject o = new JsonObject();
        JsonArray a = new JsonArray();
        recordings.forEach(a::add);
        o.add("recordings", a);
        return o;
    }
}
