package io.drsnstream.drsn.model;

import com.google.gson.annotations.SerializedName;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
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
 * {@link ModelMetadataJson} maps the record to and from that JSON.
 *
 * @param version the model's own version string, e.g. "cw-2025-01-01"
 * @param network the architecture and its parameters
 * @param labels the class labels in the order of the network's outputs
 * @param healthyLabel the label of the healthy state, one of the labels
 * @param windowLength the number of samples per window; equals the network's input length
 * @param sampleRateHz the sample rate the windows were recorded at
 * @param normalization how windows are normalised before the network, in training and inference
 *     alike
 * @param training free-form training provenance (data description, command line, seed...)
 * @param evaluation free-form evaluation figures
 * @param anomalyThreshold the calibrated anomaly threshold in (0, 1]: windows whose anomalyScore is
 *     at or above it are anomalies. Chosen on a calibration split for a stated false-alarm rate
 *     (see {@code thresholdCalibration}); empty for models that were not calibrated
 * @param thresholdCalibration how the anomaly threshold was chosen (split, target false-alarm
 *     rate, achieved rates); free-form, empty without a threshold
 * @param parametersSha256 the SHA-256 of the parameters file, lower-case hex; null before the
 *     artifact was saved
 * @param createdAt when the artifact was saved; null before it was saved
 */
public record ModelMetadata(
        String version,
        @SerializedName("architecture") NetworkSpec network,
        List<String> labels,
        String healthyLabel,
        int windowLength,
        double sampleRateHz,
        InputNormalization normalization,
        Map<String, Object> training,
        Map<String, Object> evaluation,
        OptionalDouble anomalyThreshold,
        Map<String, Object> thresholdCalibration,
        String parametersSha256,
        Instant createdAt) {

    /** The format this code writes and the only one it reads. */
    public static final int FORMAT_VERSION = 1;

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates and copies; the free-form maps are round-tripped through JSON so that they hold
     * exactly what a load would give (Integer 42 becomes Long 42): metadata compares equal before
     * and after save and load.
     *
     * @throws IllegalArgumentException naming the missing or inconsistent field
     */
    public ModelMetadata {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("version must not be blank");
        }
        anomalyThreshold = anomalyThreshold == null ? OptionalDouble.empty() : anomalyThreshold;
        if (anomalyThreshold.isPresent()
                && !(anomalyThreshold.getAsDouble() > 0 && anomalyThreshold.getAsDouble() <= 1)) {
            throw new IllegalArgumentException(
                    "anomalyThreshold must be in (0, 1], got " + anomalyThreshold.getAsDouble());
        }
        if (network == null) {
            throw new IllegalArgumentException("network must be set");
        }
        if (labels == null || labels.size() != network.classes()) {
            throw new IllegalArgumentException(
                    "labels count "
                            + (labels == null ? 0 : labels.size())
                            + " does not match classes "
                            + network.classes());
        }
        if (new HashSet<>(labels).size() != labels.size()
                || labels.stream().anyMatch(l -> l == null || l.isBlank())) {
            throw new IllegalArgumentException("labels must be distinct and non-blank: " + labels);
        }
        labels = List.copyOf(labels);
        if (healthyLabel == null || !labels.contains(healthyLabel)) {
            throw new IllegalArgumentException(
                    "healthy label '" + healthyLabel + "' is not among the labels " + labels);
        }
        if (windowLength != network.inputLength()) {
            throw new IllegalArgumentException(
                    "window length "
                            + windowLength
                            + " does not match the network's input length "
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
        training = ModelMetadataJson.jsonValues(training);
        evaluation = ModelMetadataJson.jsonValues(evaluation);
        thresholdCalibration = ModelMetadataJson.jsonValues(thresholdCalibration);
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
                .setAnomalyThreshold(
                        anomalyThreshold.isPresent() ? anomalyThreshold.getAsDouble() : null,
                        thresholdCalibration)
                .setParametersSha256(parametersSha256)
                .setCreatedAt(createdAt);
    }

    /**
     * The index of the healthy label among the outputs.
     *
     * @return the index
     */
    public int healthyIndex() {
        return labels.indexOf(healthyLabel);
    }

    /**
     * Serialises to the {@code model.json} format.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        return ModelMetadataJson.write(this);
    }

    /**
     * Parses and validates {@code model.json} content.
     *
     * @param text the JSON
     * @return the metadata, with checksum and creation time
     * @throws ModelArtifactException naming what is malformed, unsupported or inconsistent
     */
    public static ModelMetadata fromJson(String text) throws ModelArtifactException {
        return ModelMetadataJson.read(text);
    }

    /** The {@code model.json} text, as before this class became a record. */
    @Override
    public String toString() {
        return toJson();
    }

    /** Builds {@link ModelMetadata}; the record checks consistency. */
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
            this.thresholdCalibration =
                    calibration == null ? Map.of() : new LinkedHashMap<>(calibration);
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
         * Builds the metadata.
         *
         * @return the metadata
         * @throws IllegalArgumentException naming the missing or inconsistent field
         */
        public ModelMetadata build() {
            int window =
                    windowLength == 0 && network != null ? network.inputLength() : windowLength;
            return new ModelMetadata(
                    version,
                    network,
                    labels,
                    healthyLabel,
                    window,
                    sampleRateHz,
                    normalization,
                    training,
                    evaluation,
                    anomalyThreshold == null
                            ? OptionalDouble.empty()
                            : OptionalDouble.of(anomalyThreshold),
                    thresholdCalibration,
                    parametersSha256,
                    createdAt);
        }
    }
}
