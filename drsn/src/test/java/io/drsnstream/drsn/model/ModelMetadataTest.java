package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelMetadataTest {

    /** Every model.json committed under models/ and models/runs/ at the repository root. */
    static List<Path> committedModels() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/drsn-cw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("models/drsn-cw not found above " + Path.of("").toAbsolutePath());
        }
        Path models = dir.resolve("models");
        try (Stream<Path> files = Stream.concat(Files.list(models), Files.list(models.resolve("runs")))) {
            List<Path> found = files.map(d -> d.resolve(ModelArtifact.METADATA_FILE)).filter(Files::isRegularFile)
                    .sorted().toList();
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
}
