package io.drsnstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.testing.RepositoryLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/Dockerfile without building it (no Docker engine or registry in CI): the base
 * image is the official Flink image of the pom's version, and every COPY source is something the
 * build writes: the shaded job jar and the DJL/PyTorch jars for Flink's lib/.
 */
class DockerfileTest {

    private static final String JOB_JAR = "job/target/drsn-stream-job.jar";
    private static final String FLINK_LIB = "job/target/flink-lib/";

    private static Path repoRoot;
    private static JobDockerfile dockerfile;

    @BeforeAll
    static void load() throws IOException {
        repoRoot = RepositoryLayout.root();
        dockerfile = JobDockerfile.read(repoRoot);
    }

    @Test
    void baseImageIsTheOfficialFlinkImageOfTheBuildsVersion() throws IOException {
        String pom = Files.readString(repoRoot.resolve("pom.xml"));
        Matcher version = Pattern.compile("<flink\\.version>([^<]+)<").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(dockerfile.from())
                .as(
                        "FROM of %s (parent pom flink.version, Java 17 like the jar)",
                        JobDockerfile.PATH)
                .containsExactly("flink:" + version.group(1) + "-scala_2.12-java17");
    }

    @Test
    void theJarGoesToUsrlibAndDjlToLib() {
        assertThat(dockerfile.copies())
                .as("COPY source -> target")
                .containsEntry(JOB_JAR, "/opt/flink/usrlib/drsn-stream-job.jar")
                .containsEntry(FLINK_LIB, "/opt/flink/lib/")
                .hasSize(2);
    }

    @Test
    void copySourcesAreWhatTheJobModuleWrites() throws IOException {
        String jobPom = Files.readString(repoRoot.resolve("job/pom.xml"));
        assertThat(jobPom)
                .as("job/pom.xml writes %s (shade outputFile)", JOB_JAR)
                .contains(
                        "<outputFile>${project.build.directory}/drsn-stream-job.jar</outputFile>");
        assertThat(jobPom)
                .as(
                        "job/pom.xml copies DJL and PyTorch into %s for Flink's lib/ (issue #15)",
                        FLINK_LIB)
                .contains(
                        "<outputDirectory>${project.build.directory}/flink-lib</outputDirectory>");

        // After `package` (CI builds the job module before this one) the files are there.
        Path jar = repoRoot.resolve(JOB_JAR);
        if (Files.exists(jar)) {
            Path lib = repoRoot.resolve(FLINK_LIB);
            assertThat(lib).as("%s next to the packaged jar", FLINK_LIB).isDirectory();
            try (Stream<Path> jars = Files.list(lib)) {
                List<String> names = jars.map(p -> p.getFileName().toString()).toList();
                assertThat(names)
                        .as("jars in %s", FLINK_LIB)
                        .anyMatch(n -> n.startsWith("api-"))
                        .anyMatch(n -> n.startsWith("pytorch-engine-"))
                        .anyMatch(n -> n.startsWith("pytorch-jni-"))
                        .anyMatch(n -> n.startsWith("pytorch-native-cpu-"));
            }
        }
    }
}
