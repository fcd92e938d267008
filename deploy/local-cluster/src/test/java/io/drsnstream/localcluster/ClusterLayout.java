package io.drsnstream.localcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the build put what the local cluster runs (set by failsafe, see the module's pom). */
final class ClusterLayout {

    private ClusterLayout() {}

    /** deploy/local-cluster: the scripts and conf/. */
    static final Path HOME = path("localCluster.home");

    /** Flink's lib/ for the cluster: Flink's jars plus DJL and PyTorch. */
    static final Path FLINK_LIB = path("localCluster.flinkLib");

    /** The shaded job jar, DJL inside. */
    static final Path JOB_JAR = path("localCluster.jobJar");

    /** DJL and PyTorch as the job module copies them for Flink's lib/. */
    static final Path JOB_FLINK_LIB = path("localCluster.jobFlinkLib");

    static Path conf() {
        return HOME.resolve("conf");
    }

    /** The jars of a lib/ directory, sorted; without those of {@code leftOut}, if given. */
    static List<Path> jars(Path dir, Path leftOut) {
        Set<String> skipped = leftOut == null ? Set.of() : fileNames(leftOut);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                    .filter(f -> !skipped.contains(f.getFileName().toString()))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(
                    "System property "
                            + property
                            + " is not set: run this test through Maven (failsafe) in deploy/local-cluster");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }
}
