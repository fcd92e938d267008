package io.drsnstream.drsn.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonDeserializationContext;
import com.google.gson.JsonDeserializer;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import io.drsnstream.drsn.model.ModelArtifactException.Reason;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The {@code model.json} form of {@link ModelMetadata}. Gson maps the record's components in their
 * order; adapters map the values whose JSON differs from their Java shape (the network spec as an
 * "architecture" object with a "name", the creation time as an ISO-8601 string, the optional
 * threshold as a number or nothing). Reading checks, before the mapping, what the record cannot:
 * the format version and that no required field is missing (a missing int would read as 0).
 */
final class ModelMetadataJson {

    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .disableHtmlEscaping()
                    .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                    .registerTypeAdapter(NetworkSpec.class, new NetworkSpecJson())
                    .registerTypeAdapter(InputNormalization.class, new NormalizationJson())
                    .registerTypeAdapter(Instant.class, new InstantJson())
                    .registerTypeAdapter(OptionalDouble.class, new OptionalDoubleJson())
                    .create();

    private static final Type FREE_FORM =
            new TypeToken<LinkedHashMap<String, Object>>() {}.getType();
    private static final Type INTEGERS = new TypeToken<List<Integer>>() {}.getType();

    /** In the order the reader checks them; JSON null counts as missing. */
    private static final List<String> ARCHITECTURE_FIELDS =
            List.of("name", "inputLength", "stageWidths", "unitsPerStage", "classes");

    private static final List<String> FIELDS =
            List.of(
                    "version",
                    "labels",
                    "healthyLabel",
                    "windowLength",
                    "sampleRateHz",
                    "normalization",
                    "parametersSha256",
                    "createdAt");

    private ModelMetadataJson() {}

    /**
     * Round-trips a free-form map through JSON so that it holds exactly what a load would give.
     *
     * @param map JSON-compatible values, or null for none
     * @return an unmodifiable copy
     * @throws IllegalArgumentException if a value has no JSON form
     */
    static Map<String, Object> jsonValues(Map<String, Object> map) {
        Map<String, Object> copy;
        try {
            copy = GSON.fromJson(GSON.toJson(map), FREE_FORM);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "free-form metadata must hold JSON values (String, Number, Boolean, List, Map): "
                            + e.getMessage(),
                    e);
        }
        return Collections.unmodifiableMap(copy == null ? new LinkedHashMap<>() : copy);
    }

    static String write(ModelMetadata metadata) {
        JsonObject json = new JsonObject();
        json.addProperty("formatVersion", ModelMetadata.FORMAT_VERSION);
        GSON.toJsonTree(metadata).getAsJsonObject().asMap().forEach(json::add);
        if (metadata.anomalyThreshold().isEmpty()) {
            json.remove("thresholdCalibration");
        }
        return GSON.toJson(json);
    }

    static ModelMetadata read(String text) throws ModelArtifactException {
        JsonObject json;
        try {
            JsonElement element = JsonParser.parseString(text);
            if (!element.isJsonObject()) {
                throw new ModelArtifactException(
                        Reason.MALFORMED_JSON,
                        "model.json must hold a JSON object, found: " + element);
            }
            json = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelArtifactException(
                    Reason.MALFORMED_JSON, "model.json is not valid JSON: " + e.getMessage(), e);
        }
        // The version decides how to read the rest, so check it before anything else.
        JsonElement format = json.get("formatVersion");
        if (format == null || format.isJsonNull()) {
            throw new ModelArtifactException(
                    Reason.INVALID_METADATA, "model.json has no formatVersion");
        }
        if (!isInteger(format, ModelMetadata.FORMAT_VERSION)) {
            throw new ModelArtifactException(
                    Reason.UNSUPPORTED_FORMAT_VERSION,
                    "model.json has formatVersion "
                            + format
                            + ", this reader supports "
                            + ModelMetadata.FORMAT_VERSION);
        }
        require(json, "", List.of("architecture"));
        if (json.get("architecture").isJsonObject()) {
            require(json.getAsJsonObject("architecture"), "architecture.", ARCHITECTURE_FIELDS);
        }
        require(json, "", FIELDS);
        try {
            return GSON.fromJson(json, ModelMetadata.class);
        } catch (Rejected e) {
            throw e.problem;
        } catch (JsonParseException | NumberFormatException e) {
            // Gson reads a string where a number belongs ("sampleRateHz": "fast") by parsing it.
            throw new ModelArtifactException(
                    Reason.MALFORMED_JSON,
                    "model.json does not have the expected structure: " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            // Gson wraps what the record's constructor throws.
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA, "model.json: " + invalid.getMessage(), invalid);
            }
            throw e;
        }
    }

    private static boolean isInteger(JsonElement element, int value) {
        if (!element.isJsonPrimitive() || !((JsonPrimitive) element).isNumber()) {
            return false;
        }
        return element.getAsBigDecimal().compareTo(BigDecimal.valueOf(value)) == 0;
    }

    private static void require(JsonObject json, String prefix, List<String> fields)
            throws ModelArtifactException {
        for (String field : fields) {
            JsonElement value = json.get(field);
            if (value == null || value.isJsonNull()) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA,
                        "model.json is missing field '" + prefix + field + "'");
            }
            if (value.isJsonArray()
                    && value.getAsJsonArray().asList().contains(JsonNull.INSTANCE)) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA, "model.json has null entries in a list");
            }
        }
    }

    /** Carries a rejection with its reason from an adapter through Gson to {@link #read}. */
    private static final class Rejected extends JsonParseException {

        private static final long serialVersionUID = 1L;

        private final ModelArtifactException problem;

        Rejected(Reason reason, String message, Throwable cause) {
            super(message, cause);
            problem = new ModelArtifactException(reason, message, cause);
        }
    }

    /** The network spec as {@code {"name": "DRSN_CW", "inputLength": 2048, ...}}. */
    private static final class NetworkSpecJson
            implements JsonSerializer<NetworkSpec>, JsonDeserializer<NetworkSpec> {

        @Override
        public JsonElement serialize(
                NetworkSpec spec, Type type, JsonSerializationContext context) {
            JsonObject json = new JsonObject();
            json.addProperty("name", spec.architecture().name());
            json.addProperty("inputLength", spec.inputLength());
            json.add("stageWidths", context.serialize(spec.stageWidths(), INTEGERS));
            json.addProperty("unitsPerStage", spec.unitsPerStage());
            json.addProperty("classes", spec.classes());
            return json;
        }

        @Override
        public NetworkSpec deserialize(
                JsonElement element, Type type, JsonDeserializationContext context) {
            if (!element.isJsonObject()) {
                throw new JsonParseException("architecture must be an object, found: " + element);
            }
            JsonObject json = element.getAsJsonObject();
            String name = context.deserialize(json.get("name"), String.class);
            Architecture architecture;
            try {
                architecture = Architecture.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new Rejected(
                        Reason.UNKNOWN_ARCHITECTURE,
                        "model.json names unknown architecture '"
                                + name
                                + "', known: "
                                + Arrays.toString(Architecture.values()),
                        null);
            }
            int inputLength = context.deserialize(json.get("inputLength"), int.class);
            List<Integer> stageWidths = context.deserialize(json.get("stageWidths"), INTEGERS);
            int unitsPerStage = context.deserialize(json.get("unitsPerStage"), int.class);
            int classes = context.deserialize(json.get("classes"), int.class);
            try {
                return new NetworkSpec(
                        architecture, inputLength, stageWidths, unitsPerStage, classes);
            } catch (IllegalArgumentException e) {
                throw new Rejected(Reason.INVALID_METADATA, "model.json: " + e.getMessage(), e);
            }
        }
    }

    /** Reads a normalisation by its name, naming the known ones when it is not among them. */
    private static final class NormalizationJson implements JsonDeserializer<InputNormalization> {

        @Override
        public InputNormalization deserialize(
                JsonElement element, Type type, JsonDeserializationContext context) {
            String name = context.deserialize(element, String.class);
            try {
                return InputNormalization.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new Rejected(
                        Reason.INVALID_METADATA,
                        "model.json names unknown normalization '"
                                + name
                                + "', known: "
                                + Arrays.toString(InputNormalization.values()),
                        null);
            }
        }
    }

    /** An instant as its ISO-8601 text. */
    private static final class InstantJson
            implements JsonSerializer<Instant>, JsonDeserializer<Instant> {

        @Override
        public JsonElement serialize(Instant instant, Type type, JsonSerializationContext context) {
            return new JsonPrimitive(instant.toString());
        }

        @Override
        public Instant deserialize(
                JsonElement element, Type type, JsonDeserializationContext context) {
            String text = context.deserialize(element, String.class);
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new Rejected(
                        Reason.INVALID_METADATA,
                        "model.json createdAt is not an ISO-8601 instant: " + text,
                        null);
            }
        }
    }

    /** A number when present; when empty nothing, as Gson leaves out null fields. */
    private static final class OptionalDoubleJson
            implements JsonSerializer<OptionalDouble>, JsonDeserializer<OptionalDouble> {

        @Override
        public JsonElement serialize(
                OptionalDouble value, Type type, JsonSerializationContext context) {
            return value.isPresent() ? new JsonPrimitive(value.getAsDouble()) : JsonNull.INSTANCE;
        }

        @Override
        public OptionalDouble deserialize(
                JsonElement element, Type type, JsonDeserializationContext context) {
            double value = context.deserialize(element, double.class);
            return OptionalDouble.of(value);
        }
    }
}
