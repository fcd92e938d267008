package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.drsn.TestModels;
import io.drsnstream.drsn.model.ModelArtifactException.Reason;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.testing.RepositoryLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelMetadataTest {

    /** Every model.json committed under models/ and models/runs/ at the repository root. */
    static List<Path> committedModels() throws IOException {
        Path models = RepositoryLayout.root().resolve("models");
        try (Stream<Path> files =
                Stream.concat(Files.list(models), Files.list(models.resolve("runs")))) {
            List<Path> found =
                    files.map(d -> d.resolve(ModelArtifact.METADATA_FILE))
                            .filter(Files::isRegularFile)
                            .sorted()
                            .toList();
            assertThat(found).hasSizeGreaterThanOrEqualTo(4);
            return found;
        }
    }

    /** A load followed by a save must not change a committed model.json by one byte. */
    @ParameterizedTest
    @MethodSource("committedModels")
    void aCommittedModelJsonSurvivesLoadAndSaveByteForByte(Path json) throws Exception {
        String text = Files.readString(json, StandardCharsets.UTF_8);
        ModelMetadata metadata = ModelMetadata.fromJson(text);
        assertThat(metadata.toJson()).isEqualTo(text);
        assertThat(ModelMetadata.fromJson(metadata.toJson())).isEqualTo(metadata);
    }

    @Test
    void unsavedUncalibratedMetadataLeavesOutChecksumTimeAndThreshold() {
        ModelMetadata metadata =
                TestModels.metadata(Architecture.DRSN_CW).toBuilder()
                        .setAnomalyThreshold(null, Map.of("ignored", "without a threshold"))
                        .build();
        JsonObject json = JsonParser.parseString(metadata.toJson()).getAsJsonObject();
        assertThat(json.keySet())
                .containsExactly(
                        "formatVersion",
                        "version",
                        "architecture",
                        "labels",
                        "healthyLabel",
                        "windowLength",
                        "sampleRateHz",
                        "normalization",
                        "training",
                        "evaluation");
        assertThat(metadata.anomalyThreshold()).isEmpty();
        assertThat(metadata.windowLength()).isEqualTo(TestModels.LENGTH);
    }

    @Test
    void freeFormValuesHoldWhatALoadGivesAndNothingCanBeChanged() {
        List<String> labels = new ArrayList<>(TestModels.metadata(Architecture.DRSN_CW).labels());
        ModelMetadata metadata =
                TestModels.metadata(Architecture.DRSN_CW).toBuilder()
                        .setLabels(labels)
                        .setAnomalyThreshold(0.75, Map.of("windows", 12, "rate", 0.1f))
                        .build();
        labels.set(1, "changed");
        assertThat(metadata.labels()).doesNotContain("changed");
        assertThat(metadata.training()).containsEntry("seed", 42L);
        assertThat(metadata.thresholdCalibration()).containsEntry("windows", 12L);
        assertThat(metadata.anomalyThreshold()).hasValue(0.75);
        assertThatThrownBy(() -> metadata.labels().add("x"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> metadata.training().put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(metadata.healthyIndex()).isZero();
    }

    @Test
    void theBuilderNamesWhatIsInconsistent() {
        ModelMetadata valid = TestModels.metadata(Architecture.DRSN_CW);
        assertThatThrownBy(() -> valid.toBuilder().setVersion(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must not be blank");
        assertThatThrownBy(() -> valid.toBuilder().setNetwork(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("network must be set");
        assertThatThrownBy(() -> valid.toBuilder().setLabels(List.of("a", "a", "b", "c")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("labels must be distinct and non-blank: [a, a, b, c]");
        assertThatThrownBy(() -> valid.toBuilder().setHealthyLabel(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("healthy label 'null'");
        assertThatThrownBy(() -> valid.toBuilder().setSampleRateHz(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sample rate must be positive: 0.0");
        assertThatThrownBy(() -> valid.toBuilder().setAnomalyThreshold(0.0, Map.of()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("anomalyThreshold must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> valid.toBuilder().setNormalization(null).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("normalization must be set");
    }

    static Stream<Arguments> brokenModelJson() {
        return Stream.of(
                broken(
                        j -> j.remove("formatVersion"),
                        Reason.INVALID_METADATA,
                        "model.json has no formatVersion"),
                broken(
                        j -> j.remove("windowLength"),
                        Reason.INVALID_METADATA,
                        "model.json is missing field 'windowLength'"),
                broken(
                        j -> j.add("createdAt", JsonNull.INSTANCE),
                        Reason.INVALID_METADATA,
                        "model.json is missing field 'createdAt'"),
                broken(
                        j -> j.getAsJsonObject("architecture").remove("unitsPerStage"),
                        Reason.INVALID_METADATA,
                        "model.json is missing field 'architecture.unitsPerStage'"),
                broken(
                        j -> j.getAsJsonArray("labels").set(2, JsonNull.INSTANCE),
                        Reason.INVALID_METADATA,
                        "model.json has null entries in a list"),
                broken(
                        j -> j.addProperty("normalization", "ZSCORE"),
                        Reason.INVALID_METADATA,
                        "model.json names unknown normalization 'ZSCORE', known: ["),
                broken(
                        j -> j.addProperty("createdAt", "yesterday"),
                        Reason.INVALID_METADATA,
                        "model.json createdAt is not an ISO-8601 instant: yesterday"),
                broken(
                        j -> j.addProperty("anomalyThreshold", 1.5),
                        Reason.INVALID_METADATA,
                        "model.json: anomalyThreshold must be in (0, 1], got 1.5"),
                broken(
                        j -> j.addProperty("parametersSha256", "ABC"),
                        Reason.INVALID_METADATA,
                        "model.json: parametersSha256 must be 64 lower-case hex digits: ABC"),
                broken(
                        j -> j.addProperty("version", " "),
                        Reason.INVALID_METADATA,
                        "model.json: version must not be blank"),
                broken(
                        j -> j.getAsJsonObject("architecture").add("stageWidths", widths(8, 4)),
                        Reason.INVALID_METADATA,
                        "model.json: stageWidths must be positive and non-decreasing"),
                broken(
                        j -> j.getAsJsonObject("architecture").addProperty("name", "drsn_cw"),
                        Reason.UNKNOWN_ARCHITECTURE,
                        "model.json names unknown architecture 'drsn_cw', known: ["),
                broken(
                        j -> j.addProperty("architecture", "DRSN_CW"),
                        Reason.MALFORMED_JSON,
                        "model.json does not have the expected structure"),
                broken(
                        j -> j.addProperty("labels", "HEALTHY"),
                        Reason.MALFORMED_JSON,
                        "model.json does not have the expected structure"),
                broken(
                        j -> j.add("training", widths(1)),
                        Reason.MALFORMED_JSON,
                        "model.json does not have the expected structure"),
                broken(
                        j -> j.addProperty("sampleRateHz", "fast"),
                        Reason.MALFORMED_JSON,
                        "model.json does not have the expected structure"),
                broken(
                        j -> j.addProperty("anomalyThreshold", "high"),
                        Reason.MALFORMED_JSON,
                        "model.json does not have the expected structure"));
    }

    @ParameterizedTest
    @MethodSource("brokenModelJson")
    void aBrokenModelJsonIsRejectedWithItsReason(
            Consumer<JsonObject> change, Reason reason, String message) throws IOException {
        JsonObject json =
                JsonParser.parseString(
                                Files.readString(
                                        RepositoryLayout.root()
                                                .resolve("models/drsn-cw")
                                                .resolve(ModelArtifact.METADATA_FILE)))
                        .getAsJsonObject();
        change.accept(json);
        assertThatThrownBy(() -> ModelMetadata.fromJson(json.toString()))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.getReason()).isEqualTo(reason))
                .hasMessageStartingWith(message);
    }

    @Test
    void aJsonArrayIsNoModelJson() {
        assertThatThrownBy(() -> ModelMetadata.fromJson("[1]"))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.getReason()).isEqualTo(Reason.MALFORMED_JSON))
                .hasMessage("model.json must hold a JSON object, found: [1]");
    }

    private static Arguments broken(Consumer<JsonObject> change, Reason reason, String message) {
        return Arguments.of(change, reason, message);
    }

    private static JsonArray widths(int... values) {
        JsonArray array = new JsonArray();
        for (int v : values) {
            array.add(v);
        }
        return array;
    }
}
