package io.drsnstream.drsn.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.ToNumberPolicy;
import com.google.gson.reflect.TypeToken;
import io.drsnstream.drsn.model.ModelArtifactException.Reason;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a consumer needs to use a trained network correctly; stored as {@code model.json}.
 *
 * <pre>
 * {
 *   "formatVersion": 1,
 *   "version": "cw-2025-01-01",
 *   "architecture": {"name": "DRSN_CW", "inputLength": 2048, "stageWidths": [4, 8, 16],
 *                    "unitsPerStage": 4, "classes": 8},
 *   "labels": ["healthy", "inner_race", ...],        output order of the logits
 *   "healthyLabel": "healthy",
 *   "windowLength": 2048,
 *   "sampleRateHz": 12800.0,
 *   "normalization": "PER_WINDOW_STANDARDIZE",
 *   "training": {...},                                free-form provenance
 *   "evaluation": {...},                              free-form figures
 *   "anomalyThreshold": 0.9,                          optional: calibrated anomalyScore cut-off
 *   "thresholdCalibration": {...},                    optional: how it was chosen (free-form)
 *   "parametersSha256": "...",
 *   "createdAt": "2025-01-01T00:00:00Z"
 * }
 * </pre>
 *
 * <p>Immutable. Free-form maps hold JSON values: String, Long or Double, Boolean, List, Map.
 * {@code parametersSha256} and {@code createdAt} are filled in by {@link ModelArtifact#save}.
 */
public final class ModelMetadata {

    /** The format this code writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Gson GSON =
            new GsonBuilder()
                    .setPrettyPrinting()
                    .disableHtmlEscaping()
                    .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                    .create();

    private static final java.lang.reflect.Type FREE_FORM =
            new TypeToken<LinkedHashMap<String, Object>>() {}.getType();

    private final String version;
    private final NetworkSpec network;
    private final List<String> labels;
    private final String healthyLabel;
    private final int windowLength;
    private final double sampleRateHz;
    private final InputNormalization normalization;
    private final Map<String, Object> training;
    private final Map<String, Object> evaluation;
    private final Double anomalyThreshold;
    private final Map<String, Object> thresholdCalibration;
    private final String parametersSha256;
    private final Instant createdAt;

    private ModelMetadata(Builder b) {
        version = b.version;
        network = b.network;
        labels = List.copyOf(b.labels);
        healthyLabel = b.healthyLabel;
        windowLength = b.windowLength;
        sampleRateHz = b.sampleRateHz;
        normalization = b.normalization;
        training = jsonValues(b.training);
        evaluation = jsonValues(b.evaluation);
        anomalyThreshold = b.anomalyThreshold;
        thresholdCalibration = jsonValues(b.thresholdCalibration);
        parametersSha256 = b.parametersSha256;
        createdAt = b.createdAt;
    }

    /**
     * Round-trips a free-form map through JSON so that it holds exactly what a load would give
     * (Integer 42 becomes Long 42): metadata compares equal before and after save and load.
     */
    private static Map<String, Object> jsonValues(Map<String, Object> map) {
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

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder holding this metadata's values.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        return new Builder()
                .setVersion(version)
                .setNetwork(network)
                .setLabels(labels)
                .setHealthyLabel(healthyLabel)
                .setWindowLength(windowLength)
                .setSampleRateHz(sampleRateHz)
                .setNormalization(normalization)
                .setTraining(training)
                .setEvaluation(evaluation)
                .setAnomalyThreshold(anomalyThreshold, thresholdCalibration)
                .setParametersSha256(parametersSha256)
                .setCreatedAt(createdAt);
    }

    /**
     * The calibrated anomaly threshold: windows whose anomalyScore is at or above it are
     * anomalies. Chosen on a calibration split for a stated false-alarm rate (see {@link
     * #getThresholdCalibration()}); absent for models that were not calibrated.
     *
     * @return the threshold in (0, 1], or empty
     */
    public java.util.OptionalDouble getAnomalyThreshold() {
        return anomalyThreshold == null
                ? java.util.OptionalDouble.empty()
                : java.util.OptionalDouble.of(anomalyThreshold);
    }

    /**
     * How the anomaly threshold was chosen (split, target false-alarm rate, achieved rates).
     *
     * @return free-form JSON values, empty without a threshold
     */
    public Map<String, Object> getThresholdCalibration() {
        return thresholdCalibration;
    }

    /**
     * The model's own version string.
     *
     * @return e.g. "cw-2025-01-01"
     */
    public String getVersion() {
        return version;
    }

    /**
     * The architecture and its parameters.
     *
     * @return the network spec
     */
    public NetworkSpec getNetwork() {
        return network;
    }

    /**
     * The class labels in the order of the network's outputs.
     *
     * @return classes labels
     */
    public List<String> getLabels() {
        return labels;
    }

    /**
     * The label of the healthy state.
     *
     * @return one of {@link #getLabels()}
     */
    public String getHealthyLabel() {
        return healthyLabel;
    }

    /**
     * The index of the healthy label among the outputs.
     *
     * @return the index
     */
    public int getHealthyIndex() {
        return labels.indexOf(healthyLabel);
    }

    /**
     * The number of samples per window; equals the network's input length.
     *
     * @return the window length
     */
    public int getWindowLength() {
        return windowLength;
    }

    /**
     * The sample rate the windows were recorded at.
     *
     * @return Hz
     */
    public double getSampleRateHz() {
        return sampleRateHz;
    }

    /**
     * How windows are normalised before the network, in training and inference alike.
     *
     * @return the normalisation
     */
    public InputNormalization getNormalization() {
        return normalization;
    }

    /**
     * Free-form training provenance (data description, command line, seed...).
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> getTraining() {
        return training;
    }

    /**
     * Free-form evaluation figures.
     *
     * @return an unmodifiable map
     */
    public Map<String, Object> getEvaluation() {
        return evaluation;
    }

    /**
     * The SHA-256 of the parameters file, lower-case hex.
     *
     * @return the checksum, or null before the artifact was saved
     */
    public String getParametersSha256() {
        return parametersSha256;
    }

    /**
     * When the artifact was saved.
     *
     * @return the time, or null before the artifact was saved
     */
    public Instant getCreatedAt() {
        return createdAt;
    }

    /**
     * Serialises to the {@code model.json} format.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        Json json = new Json();
        json.formatVersion = FORMAT_VERSION;
        json.version = version;
        json.architecture = new Json.Arch();
        json.architecture.name = network.architecture().name();
        json.architecture.inputLength = network.inputLength();
        json.architecture.stageWidths = network.stageWidths();
        json.architecture.unitsPerStage = network.unitsPerStage();
        json.architecture.classes = network.classes();
        json.labels = labels;
        json.healthyLabel = healthyLabel;
        json.windowLength = windowLength;
        json.sampleRateHz = sampleRateHz;
        json.normalization = normalization.name();
        json.training = training;
        json.evaluation = evaluation;
        json.anomalyThreshold = anomalyThreshold;
        json.thresholdCalibration = anomalyThreshold == null ? null : thresholdCalibration;
        json.parametersSha256 = parametersSha256;
        json.createdAt = createdAt == null ? null : createdAt.toString();
        return GSON.toJson(json);
    }

    /**
     * Parses and validates {@code model.json} content.
     *
     * @param text the JSON
     * @return the metadata, with checksum and creation time
     * @throws ModelArtifactException naming what is malformed, unsupported or inconsistent
     */
    public static ModelMetadata fromJson(String text) throws ModelArtifactException {
        JsonObject object;
        try {
            JsonElement element = JsonParser.parseString(text);
            if (!element.isJsonObject()) {
                throw new ModelArtifactException(
                        Reason.MALFORMED_JSON, "model.json must hold a JSON object, found: " + element);
            }
            object = element.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelArtifactException(
                    Reason.MALFORMED_JSON, "model.json is not valid JSON: " + e.getMessage(), e);
        }
        // The version decides how to read the rest, so check it before anything else.
        JsonElement format = object.get("formatVersion");
        if (format == null || format.isJsonNull()) {
            throw new ModelArtifactException(
                    Reason.INVALID_METADATA, "model.json has no formatVersion");
        }
        if (!isInteger(format, FORMAT_VERSION)) {
            throw new ModelArtifactException(
                    Reason.UNSUPPORTED_FORMAT_VERSION,
                    "model.json has formatVersion " + format + ", this reader supports "
                            + FORMAT_VERSION);
        }
        Json json;
        try {
            json = GSON.fromJson(object, Json.class);
        } catch (JsonParseException e) {
            throw new ModelArtifactException(
                    Reason.MALFORMED_JSON,
                    "model.json does not have the expected structure: " + e.getMessage(),
                    e);
        }
        return json.toMetadata();
    }

    private static boolean isInteger(JsonElement element, int value) {
        if (!element.isJsonPrimitive() || !((JsonPrimitive) element).isNumber()) {
            return false;
        }
        return element.getAsBigDecimal().compareTo(java.math.BigDecimal.valueOf(value)) == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ModelMetadata)) {
            return false;
        }
        ModelMetadata that = (ModelMetadata) o;
        return windowLength == that.windowLength
                && Double.compare(sampleRateHz, that.sampleRateHz) == 0
                && version.equals(that.version)
                && network.equals(that.network)
                && labels.equals(that.labels)
                && healthyLabel.equals(that.healthyLabel)
                && normalization == that.normalization
                && training.equals(that.training)
                && evaluation.equals(that.evaluation)
                && Objects.equals(anomalyThreshold, that.anomalyThreshold)
                && thresholdCalibration.equals(that.thresholdCalibration)
                && Objects.equals(parametersSha256, that.parametersSha256)
                && Objects.equals(createdAt, that.createdAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, network, labels, healthyLabel, parametersSha256, createdAt);
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** The JSON layout; boxed fields so that a missing field is told apart from a zero. */
    private static final class Json {
        Integer formatVersion;
        String version;
        Arch architecture;
        List<String> labels;
        String healthyLabel;
        Integer windowLength;
        Double sampleRateHz;
        String normalization;
        Map<String, Object> training;
        Map<String, Object> evaluation;
        Double anomalyThreshold;
        Map<String, Object> thresholdCalibration;
        String parametersSha256;
        String createdAt;

        static final class Arch {
            String name;
            Integer inputLength;
            List<Integer> stageWidths;
            Integer unitsPerStage;
            Integer classes;
        }

        ModelMetadata toMetadata() throws ModelArtifactException {
            require(architecture, "architecture");
            require(architecture.name, "architecture.name");
            Architecture arch;
            try {
                arch = Architecture.valueOf(architecture.name);
            } catch (IllegalArgumentException e) {
                throw new ModelArtifactException(
                        Reason.UNKNOWN_ARCHITECTURE,
                        "model.json names unknown architecture '" + architecture.name
                                + "', known: " + Arrays.toString(Architecture.values()));
            }
            require(architecture.inputLength, "architecture.inputLength");
            require(architecture.stageWidths, "architecture.stageWidths");
            require(architecture.unitsPerStage, "architecture.unitsPerStage");
            require(architecture.classes, "architecture.classes");
            require(version, "version");
            require(labels, "labels");
            require(healthyLabel, "healthyLabel");
            require(windowLength, "windowLength");
            require(sampleRateHz, "sampleRateHz");
            require(normalization, "normalization");
            require(parametersSha256, "parametersSha256");
            require(createdAt, "createdAt");
            if (architecture.stageWidths.contains(null) || labels.contains(null)) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA, "model.json has null entries in a list");
            }
            InputNormalization norm;
            try {
                norm = InputNormalization.valueOf(normalization);
            } catch (IllegalArgumentException e) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA,
                        "model.json names unknown normalization '" + normalization + "', known: "
                                + Arrays.toString(InputNormalization.values()));
            }
            Instant created;
            try {
                created = Instant.parse(createdAt);
            } catch (DateTimeParseException e) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA,
                        "model.json createdAt is not an ISO-8601 instant: " + createdAt);
            }
            try {
                NetworkSpec spec =
                        new NetworkSpec(
                                arch,
                                architecture.inputLength,
                                architecture.stageWidths,
                                architecture.unitsPerStage,
                                architecture.classes);
                return builder()
                        .setVersion(version)
                        .setNetwork(spec)
                        .setLabels(labels)
                        .setHealthyLabel(healthyLabel)
                        .setWindowLength(windowLength)
                        .setSampleRateHz(sampleRateHz)
                        .setNormalization(norm)
                        .setTraining(training == null ? Map.of() : training)
                        .setEvaluation(evaluation == null ? Map.of() : evaluation)
                        .setAnomalyThreshold(anomalyThreshold,
                                thresholdCalibration == null ? Map.of() : thresholdCalibration)
                        .setParametersSha256(parametersSha256)
                        .setCreatedAt(created)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA, "model.json: " + e.getMessage(), e);
            }
        }

        private static void require(Object value, String field) throws ModelArtifactException {
            if (value == null) {
                throw new ModelArtifactException(
                        Reason.INVALID_METADATA, "model.json is missing field '" + field + "'");
            }
        }
    }

    /** Builds {@link ModelMetadata}; {@link #build()} checks consistency. */
    public static final class Builder {

        private String version;
        private NetworkSpec network;
        private List<String> labels;
        private String healthyLabel;
        private int windowLength;
        private double sampleRateHz;
        private InputNormalization normalization = InputNormalization.PER_WINDOW_STANDARDIZE;
        private Map<String, Object> training = Map.of();
        private Map<String, Object> evaluation = Map.of();
        private Double anomalyThreshold;
        private Map<String, Object> thresholdCalibration = Map.of();
        private String parametersSha256;
        private Instant createdAt;

        Builder() {}

        /**
         * Sets the model's version string (required).
         *
         * @param version non-blank
         * @return this builder
         */
        public Builder setVersion(String version) {
            this.version = version;
            return this;
        }

        /**
         * Sets the architecture and its parameters (required).
         *
         * @param network the spec
         * @return this builder
         */
        public Builder setNetwork(NetworkSpec network) {
            this.network = network;
            return this;
        }

        /**
         * Sets the labels in output order (required, as many as classes, distinct).
         *
         * @param labels the labels
         * @return this builder
         */
        public Builder setLabels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        /**
         * Sets which label is the healthy state (required, one of the labels).
         *
         * @param healthyLabel the label
         * @return this builder
         */
        public Builder setHealthyLabel(String healthyLabel) {
            this.healthyLabel = healthyLabel;
            return this;
        }

        /**
         * Sets the window length (default: the network's input length, which it must equal).
         *
         * @param windowLength samples per window
         * @return this builder
         */
        public Builder setWindowLength(int windowLength) {
            this.windowLength = windowLength;
            return this;
        }

        /**
         * Sets the sample rate (required, positive).
         *
         * @param sampleRateHz Hz
         * @return this builder
         */
        public Builder setSampleRateHz(double sampleRateHz) {
            this.sampleRateHz = sampleRateHz;
            return this;
        }

        /**
         * Sets the input normalisation (default {@link InputNormalization#PER_WINDOW_STANDARDIZE}).
         *
         * @param normalization as used in training
         * @return this builder
         */
        public Builder setNormalization(InputNormalization normalization) {
            this.normalization = normalization;
            return this;
        }

        /**
         * Sets the free-form training provenance.
         *
         * @param training JSON-compatible values
         * @return this builder
         */
        public Builder setTraining(Map<String, ?> training) {
            this.training = training == null ? Map.of() : new LinkedHashMap<>(training);
            return this;
        }

        /**
         * Sets the calibrated anomaly threshold and how it was chosen.
         *
         * @param threshold anomalyScore cut-off in (0, 1], or null for none
         * @param calibration JSON-compatible description of the calibration
         * @return this builder
         */
        public Builder setAnomalyThreshold(Double threshold, Map<String, ?> calibration) {
            this.anomalyThreshold = threshold;
            this.thresholdCalibration = calibration == null ? Map.of() : new LinkedHashMap<>(calibration);
            return this;
        }

        /**
         * Sets the free-form evaluation figures.
         *
         * @param evaluation JSON-compatible values
         * @return this builder
         */
        public Builder setEvaluation(Map<String, ?> evaluation) {
            this.evaluation = evaluation == null ? Map.of() : new LinkedHashMap<>(evaluation);
            return this;
        }

        /**
         * Sets the parameters checksum; normally left to {@link ModelArtifact#save}.
         *
         * @param parametersSha256 lower-case hex, or null
         * @return this builder
         */
        public Builder setParametersSha256(String parametersSha256) {
            this.parametersSha256 = parametersSha256;
            return this;
        }

        /**
         * Sets the creation time; normally left to {@link ModelArtifact#save}.
         *
         * @param createdAt the time, or null
         * @return this builder
         */
        public Builder setCreatedAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the metadata
         * @throws IllegalArgumentException naming the missing or inconsistent field
         */
        public ModelMetadata build() {
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("version must not be blank");
            }
            if (anomalyThreshold != null && !(anomalyThreshold > 0 && anomalyThreshold <= 1)) {
                throw new IllegalArgumentException(
                        "anomalyThreshold must be in (0, 1], got " + anomalyThreshold);
            }
            if (network == null) {
                throw new IllegalArgumentException("network must be set");
            }
            if (labels == null || labels.size() != network.classes()) {
                throw new IllegalArgumentException(
                        "labels count " + (labels == null ? 0 : labels.size())
                                + " does not match classes " + network.classes());
            }
            if (new HashSet<>(labels).size() != labels.size()
                    || labels.stream().anyMatch(l -> l == null || l.isBlank())) {
                throw new IllegalArgumentException("labels must be distinct and non-blank: " + labels);
            }
            if (healthyLabel == null || !labels.contains(healthyLabel)) {
                throw new IllegalArgumentException(
                        "healthy label '" + healthyLabel + "' is not among the labels " + labels);
            }
            if (windowLength == 0) {
                windowLength = network.inputLength();
            }
            if (windowLength != network.inputLength()) {
                throw new IllegalArgumentException(
                        "window length " + windowLength + " does not match the network's input length "
                                + network.inputLength());
            }
            if (!(sampleRateHz > 0) || Double.isInfinite(sampleRateHz)) {
                throw new IllegalArgumentException("sample rate must be positive: " + sampleRateHz);
            }
            if (normalization == null) {
                throw new IllegalArgumentException("normalization must be set");
            }
            if (parametersSha256 != null && !SHA256.matcher(parametersSha256).matches()) {
                throw new IllegalArgumentException(
                        "parametersSha256 must be 64 lower-case hex digits: " + parametersSha256);
            }
            return new ModelMetadata(this);
        }
    }
}
