package io.drsnstream.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.SensorChunk;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every current schema must read data written with each released version (backward
 * compatibility): consumers upgrade first, producers may lag behind. This fails, for example,
 * when a field without a default is added, or a field's type is changed incompatibly.
 */
class SchemaCompatibilityTest {

    static Stream<Schema> currentSchemas() {
        return Stream.of(
                SensorChunk.getClassSchema(),
                ScoredWindow.getClassSchema(),
                DeadLetter.getClassSchema(),
                SensorAlert.getClassSchema(),
                AlertPolicyOverride.getClassSchema(),
                ModelCommand.getClassSchema(),
                ModelStatus.getClassSchema());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void currentSchemaReadsEveryReleasedVersion(Schema current) {
        List<Schema> released = SchemaHistory.releasedVersions(current.getName());
        assertThat(released).isNotEmpty();
        for (int i = 0; i < released.size(); i++) {
            SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(current, released.get(i));
            assertThat(result.getType())
                    .as(
                            "%s (current) reading data written with %s-v%d: %s",
                            current.getName(),
                            current.getName(),
                            i + 1,
                            result.getResult().getIncompatibilities().stream()
                                    .map(
                                            x ->
                                                    x.getType()
                                                            + " at "
                                                            + x.getLocation()
                                                            + " ("
                                                            + x.getMessage()
                                                            + ")")
                                    .toList())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void latestReleasedVersionIsTheCurrentSchema(Schema current) {
        // A changed schema must be released (copied into history) before it ships, so that
        // its readers know its fingerprint.
        List<Schema> released = SchemaHistory.releasedVersions(current.getName());
        assertThat(SingleObjectCodec.fingerprintOf(released.get(released.size() - 1)))
                .as("fingerprint of the newest %s in src/main/avro/history", current.getName())
                .isEqualTo(SingleObjectCodec.fingerprintOf(current));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentSchemas")
    void everyFieldIsDocumented(Schema current) {
        assertThat(current.getDoc()).isNotBlank();
        current.getFields()
                .forEach(
                        f ->
                                assertThat(f.doc())
                                        .as("doc of %s.%s", current.getName(), f.name())
                                        .isNotBlank());
    }
}
