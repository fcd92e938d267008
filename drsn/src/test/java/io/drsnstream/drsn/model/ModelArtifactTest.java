package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.drsn.SyntheticSignals;
import io.drsnstream.drsn.TestModels;
import io.drsnstream.drsn.model.ModelArtifactException.Reason;
import io.drsnstream.drsn.nn.Architecture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelArtifactTest {

    private static ModelArtifact artifact;
    private static Path saved;
    private static float[][] windows;

    @BeforeAll
    static void trainAndSave(@TempDir Path dir) throws IOException {
        artifact =
                ModelArtifact.of(
                        TestModels.briefTraining(Architecture.DRSN_CW).model(),
                        TestModels.metadata(Architecture.DRSN_CW));
        saved = dir.resolve("model");
        artifact.save(saved);
        windows =
                SyntheticSignals.generate(TestModels.CLASSES, 5, TestModels.LENGTH, 0.3, 5).windows;
    }

    @AfterAll
    static void close() {
        artifact.close();
    }

    @Test
    void saveThenLoadGivesIdenticalOutputsAndMetadata() throws Exception {
        assertThat(saved.resolve("model.json")).isRegularFile();
        assertThat(saved.resolve("model.params")).isRegularFile();
        try (ModelArtifact loaded = ModelArtifact.load(saved, Device.cpu());
                Scorer original = artifact.newScorer();
                Scorer reloaded = loaded.newScorer()) {
            assertThat(loaded.getMetadata()).isEqualTo(artifact.getMetadata());
            assertThat(loaded.getMetadata().parametersSha256()).hasSize(64);
            assertThat(loaded.getMetadata().createdAt()).isNotNull();
            assertThat(loaded.getMetadata().training()).containsEntry("seed", 42L);
            List<ScoreResult> a = original.score(windows);
            List<ScoreResult> b = reloaded.score(windows);
            for (int i = 0; i < windows.length; i++) {
                assertThat(b.get(i).probabilities()).containsExactly(a.get(i).probabilities());
                assertThat(b.get(i).shrinkage()).isEqualTo(a.get(i).shrinkage());
            }
        }
    }

    @Test
    void modelJsonHoldsTheDocumentedFields() throws IOException {
        JsonObject json = readJson(saved);
        assertThat(json.get("formatVersion").getAsInt()).isEqualTo(1);
        assertThat(json.getAsJsonObject("architecture").get("name").getAsString())
                .isEqualTo("DRSN_CW");
        assertThat(json.getAsJsonObject("architecture").get("stageWidths").getAsJsonArray())
                .hasSize(2);
        assertThat(json.get("labels").getAsJsonArray()).hasSize(4);
        assertThat(json.get("healthyLabel").getAsString()).isEqualTo("healthy");
        assertThat(json.get("windowLength").getAsInt()).isEqualTo(TestModels.LENGTH);
        assertThat(json.get("sampleRateHz").getAsDouble()).isEqualTo(12800.0);
        assertThat(json.get("normalization").getAsString()).isEqualTo("PER_WINDOW_STANDARDIZE");
        assertThat(json.has("training")).isTrue();
        assertThat(json.has("evaluation")).isTrue();
        assertThat(json.get("parametersSha256").getAsString())
                .isEqualTo(ModelArtifact.sha256(saved.resolve("model.params")));
        assertThat(json.has("createdAt")).isTrue();
    }

    @Test
    void missingDirectory(@TempDir Path tmp) {
        assertLoadFails(tmp.resolve("nope"), Reason.MISSING_DIRECTORY, "does not exist");
    }

    @Test
    void missingModelJson(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Files.delete(dir.resolve("model.json"));
        assertLoadFails(dir, Reason.MISSING_FILE, "model.json");
    }

    @Test
    void missingParameters(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Files.delete(dir.resolve("model.params"));
        assertLoadFails(dir, Reason.MISSING_FILE, "model.params");
    }

    @Test
    void checksumMismatch(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        byte[] bytes = Files.readAllBytes(dir.resolve("model.params"));
        bytes[bytes.length - 3] ^= 0x5a;
        Files.write(dir.resolve("model.params"), bytes);
        assertLoadFails(dir, Reason.CHECKSUM_MISMATCH, "Checksum mismatch");
    }

    @Test
    void unknownArchitecture(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.getAsJsonObject("architecture").addProperty("name", "DRSN_XL"));
        assertLoadFails(dir, Reason.UNKNOWN_ARCHITECTURE, "DRSN_XL");
    }

    @Test
    void shapeMismatchWhenTheDeclaredWidthsDiffer(@TempDir Path tmp) throws IOException {
        Path dir =
                edit(
                        tmp,
                        j -> {
                            JsonArray widths = new JsonArray();
                            widths.add(4);
                            widths.add(16);
                            j.getAsJsonObject("architecture").add("stageWidths", widths);
                        });
        assertLoadFails(dir, Reason.SHAPE_MISMATCH, "Shape mismatch");
    }

    @Test
    void shapeMismatchWhenTheParametersBelongToAnotherArchitecture(@TempDir Path tmp)
            throws IOException {
        Path dir = edit(tmp, j -> j.getAsJsonObject("architecture").addProperty("name", "RESNET"));
        assertLoadFails(dir, Reason.SHAPE_MISMATCH, "RESNET");
    }

    @Test
    void wrongFormatVersion(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.addProperty("formatVersion", 2));
        assertLoadFails(dir, Reason.UNSUPPORTED_FORMAT_VERSION, "formatVersion 2");
    }

    @Test
    void malformedJson(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp);
        Files.writeString(
                dir.resolve("model.json"),
                "{\"formatVersion\": 1, \"labels\": [",
                StandardCharsets.UTF_8);
        assertLoadFails(dir, Reason.MALFORMED_JSON, "not valid JSON");
    }

    @Test
    void wrongFieldTypeIsMalformed(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.addProperty("windowLength", "long"));
        assertLoadFails(dir, Reason.MALFORMED_JSON, "structure");
    }

    @Test
    void labelsCountDiffersFromClasses(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.getAsJsonArray("labels").remove(3));
        assertLoadFails(dir, Reason.INVALID_METADATA, "labels count 3 does not match classes 4");
    }

    @Test
    void healthyLabelNotAmongLabels(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.addProperty("healthyLabel", "fine"));
        assertLoadFails(dir, Reason.INVALID_METADATA, "healthy label 'fine'");
    }

    @Test
    void missingField(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.remove("sampleRateHz"));
        assertLoadFails(dir, Reason.INVALID_METADATA, "sampleRateHz");
    }

    @Test
    void windowLengthMustMatchTheNetwork(@TempDir Path tmp) throws IOException {
        Path dir = edit(tmp, j -> j.addProperty("windowLength", 2048));
        assertLoadFails(dir, Reason.INVALID_METADATA, "window length 2048");
    }

    @Test
    void metadataMustMatchTheModel() {
        try (var outcome = TestModels.briefTraining(Architecture.RESNET)) {
            assertThatThrownBy(
                            () ->
                                    ModelArtifact.of(
                                            outcome.model(),
                                            TestModels.metadata(Architecture.DRSN_CW)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not match");
        }
    }

    private static void assertLoadFails(Path dir, Reason reason, String message) {
        assertThatThrownBy(() -> ModelArtifact.load(dir, Device.cpu()))
                .isInstanceOfSatisfying(
                        ModelArtifactException.class,
                        e -> assertThat(e.getReason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }

    private static Path copy(Path tmp) throws IOException {
        Path dir = tmp.resolve("copy");
        Files.createDirectories(dir);
        for (String name : new String[] {"model.json", "model.params"}) {
            Files.copy(saved.resolve(name), dir.resolve(name));
        }
        return dir;
    }

    private static Path edit(Path tmp, Consumer<JsonObject> change) throws IOException {
        Path dir = copy(tmp);
        JsonObject json = readJson(dir);
        change.accept(json);
        Files.writeString(dir.resolve("model.json"), json.toString(), StandardCharsets.UTF_8);
        return dir;
    }

    private static JsonObject readJson(Path dir) throws IOException {
        return JsonParser.parseString(Files.readString(dir.resolve("model.json")))
                .getAsJsonObject();
    }
}
