package io.drsnstream.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.testing.RepositoryLayout;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15, item 5: PyTorch's native libraries bind to the first classloader that loads them, so
 * two user-code classloaders of one TaskManager JVM (a second job, the job restarted or upgraded)
 * cannot both load DJL from the job jar. Each case runs {@link TwoUserCodeClassLoaders} in a JVM
 * of its own, on a Flink lib/ as the classpath, with Flink's own classloader factory.
 */
class DjlUnderUserCodeClassLoadersIT {

    private static final String SECOND_LOAD_FAILS = "already loaded in another classloader";

    @TempDir Path temp;

    @Test
    void withDjlOnlyInTheJobJarTheSecondClassloaderCannotLoadPyTorch() throws Exception {
        List<String> lines =
                twoClassLoaders(
                        ClusterLayout.jars(ClusterLayout.FLINK_LIB, ClusterLayout.JOB_FLINK_LIB),
                        ClusterLayout.conf());
        assertThat(lines.get(0)).startsWith("loader 1: scored").endsWith("DJL from the job jar");
        assertThat(lines.get(1))
                .startsWith("loader 2: FAILED")
                .contains("UnsatisfiedLinkError")
                .contains(SECOND_LOAD_FAILS);
    }

    @Test
    void withDjlInLibButNoParentFirstPatternTheJobJarsCopyStillLoadsTwice() throws Exception {
        Path conf = Files.createDirectories(temp.resolve("conf"));
        Files.writeString(conf.resolve("config.yaml"), "parallelism:\n  default: 4\n");
        List<String> lines =
                twoClassLoaders(ClusterLayout.jars(ClusterLayout.FLINK_LIB, null), conf);
        assertThat(lines.get(0)).endsWith("DJL from the job jar");
        assertThat(lines.get(1)).startsWith("loader 2: FAILED").contains(SECOND_LOAD_FAILS);
    }

    @Test
    void withDjlInLibAndTheShippedParentFirstPatternEveryClassloaderScores() throws Exception {
        List<String> lines =
                twoClassLoaders(
                        ClusterLayout.jars(ClusterLayout.FLINK_LIB, null), ClusterLayout.conf());
        assertThat(lines.get(0)).startsWith("loader 1: scored").endsWith("DJL from lib/");
        assertThat(lines.get(1)).startsWith("loader 2: scored").endsWith("DJL from lib/");
        assertThat(lines.get(2)).isEqualTo("classloaders: 2");
    }

    @Test
    void theShippedConfigurationMakesDjlParentFirst() {
        var config = GlobalConfiguration.loadConfiguration(ClusterLayout.conf().toString());
        assertThat(CoreOptions.getParentFirstLoaderPatterns(config)).contains("ai.djl.");
    }

    @Test
    void theJobsFlinkLibIsInTheClustersLib() {
        List<String> lib =
                ClusterLayout.jars(ClusterLayout.FLINK_LIB, null).stream()
                        .map(p -> p.getFileName().toString())
                        .toList();
        List<String> djl =
                ClusterLayout.jars(ClusterLayout.JOB_FLINK_LIB, null).stream()
                        .map(p -> p.getFileName().toString())
                        .toList();
        assertThat(djl)
                .anyMatch(name -> name.startsWith("api-"))
                .anyMatch(name -> name.startsWith("pytorch-engine-"))
                .anyMatch(name -> name.startsWith("pytorch-native-cpu-"));
        assertThat(lib).containsAll(djl);
    }

    /** Runs {@link TwoUserCodeClassLoaders} in a new JVM; returns its result lines. */
    private List<String> twoClassLoaders(List<Path> libJars, Path conf) throws Exception {
        List<String> classpath = new ArrayList<>();
        libJars.forEach(jar -> classpath.add(jar.toString()));
        classpath.add(
                Path.of(
                                TwoUserCodeClassLoaders.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation()
                                        .toURI())
                        .toString());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dai.djl.offline=true");
        String djlCache = System.getProperty("DJL_CACHE_DIR");
        if (djlCache != null) {
            command.add("-DDJL_CACHE_DIR=" + djlCache);
        }
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classpath));
        command.add(TwoUserCodeClassLoaders.class.getName());
        command.add(conf.toString());
        command.add(ClusterLayout.JOB_JAR.toString());
        command.add(RepositoryLayout.committedModel().toString());
        Path output = temp.resolve("output-" + System.nanoTime() + ".txt");
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        try {
            assertThat(process.waitFor(180, TimeUnit.SECONDS))
                    .as("TwoUserCodeClassLoaders finished within 180 s")
                    .isTrue();
        } finally {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        List<String> lines =
                text.lines()
                        .filter(l -> l.startsWith("loader ") || l.startsWith("classloaders: "))
                        .toList();
        assertThat(lines).as("result lines of:%n%s", text).hasSize(3);
        return lines;
    }
}
