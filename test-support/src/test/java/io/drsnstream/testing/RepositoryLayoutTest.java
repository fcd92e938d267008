package io.drsnstream.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryLayoutTest {

    @Test
    void findsTheRootAboveTheModuleWithTheCommittedModelAndTheReadme() {
        Path root = RepositoryLayout.root();

        assertThat(root.resolve("test-support/pom.xml"))
                .as("this module under the root")
                .isRegularFile();
        assertThat(RepositoryLayout.committedModel())
                .isEqualTo(root.resolve("models/drsn-cw"))
                .isDirectory();
        assertThat(RepositoryLayout.readme()).isRegularFile();
    }

    @Test
    void theSameRootFromAnyDirectoryBelowIt() {
        Path root = RepositoryLayout.root();

        assertThat(RepositoryLayout.rootAbove(root)).isEqualTo(root);
        assertThat(RepositoryLayout.rootAbove(root.resolve("models/drsn-cw"))).isEqualTo(root);
        assertThat(RepositoryLayout.rootAbove(root.resolve("test-support/src/test/java")))
                .isEqualTo(root);
    }

    @Test
    void aModulePomWithoutModelsIsNotTheRoot(@TempDir Path dir) throws Exception {
        Path module = Files.createDirectories(dir.resolve("module"));
        Files.writeString(
                module.resolve("pom.xml"), "<project><artifactId>module</artifactId></project>");
        Files.createDirectories(module.resolve("models"));
        Files.writeString(
                dir.resolve("pom.xml"),
                "<project><modules><module>module</module></modules></project>");
        Files.createDirectories(dir.resolve("models"));

        assertThat(RepositoryLayout.rootAbove(module))
                .as("the module's pom lists no modules")
                .isEqualTo(dir);
    }

    @Test
    void noRootIsAClearError(@TempDir Path dir) {
        // @TempDir lies in the system temporary directory, outside any repository.
        assertThatThrownBy(() -> RepositoryLayout.rootAbove(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No repository root")
                .hasMessageContaining(dir.toString());
    }
}
