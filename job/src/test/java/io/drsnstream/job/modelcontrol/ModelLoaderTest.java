package io.drsnstream.job.modelcontrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loading and verifying an artifact, apart from which model scores (that is ModelSlots'). */
class ModelLoaderTest {

    private static final Path MODEL = RepositoryLayout.committedModel();

    private static ModelMetadata metadata;
    private static String location;

    @BeforeAll
    static void readTheCommittedModel() throws Exception {
        metadata = ModelArtifact.verify(MODEL);
        location = MODEL.toUri().toString();
    }

    private static ModelLoader loader() {
        return new ModelLoader(metadata, Device.cpu(), 4);
    }

    @Test
    void loadsAndWarmsUpAnArtifactThatMatchesItsCommandAndThePipeline() throws Exception {
        try (ScoringModel model =
                loader().load(
                                ModelReference.of(
                                        metadata.version(),
                                        location,
                                        metadata.parametersSha256()))) {
            assertThat(model.version).isEqualTo(metadata.version());
            assertThat(model.windowLength).isEqualTo(metadata.windowLength());
        }
    }

    @Test
    void refusesParametersWhoseChecksumIsNotTheCommands() {
        assertThatThrownBy(
                        () ->
                                loader().load(
                                                ModelReference.of(
                                                        metadata.version(),
                                                        location,
                                                        "0".repeat(64))))
                .isInstanceOf(RefusedArtifactException.class)
                .hasMessageStartingWith("CHECKSUM_MISMATCH");
    }

    @Test
    void refusesAnArtifactOfAnotherVersionThanTheCommands() {
        assertThatThrownBy(
                        () ->
                                loader().load(
                                                ModelReference.of(
                                                        "not-" + metadata.version(),
                                                        location,
                                                        metadata.parametersSha256())))
                .isInstanceOf(RefusedArtifactException.class)
                .hasMessageStartingWith("VERSION_MISMATCH");
    }

    @Test
    void refusesALocationItCannotRead() {
        assertThatThrownBy(
                        () ->
                                loader().load(
                                                ModelReference.of(
                                                        metadata.version(),
                                                        MODEL.resolve("no-such-dir")
                                                                .toUri()
                                                                .toString(),
                                                        metadata.parametersSha256())))
                .isInstanceOf(RefusedArtifactException.class);
    }
}
