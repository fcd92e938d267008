package io.drsnstream.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the repository's committed files are, for tests that read them: the model the job and the
 * demo ship with, the README, the deployment files.
 *
 * <p>Surefire and failsafe run a module's tests in that module's directory, an IDE may run them in
 * the repository root: so the root is found by walking up from the working directory, not assumed
 * to be {@code ..}. The root is the first directory that holds both the aggregator
 * {@code pom.xml} (the one listing {@code <module>}s) and {@code models/}.
 */
public final class RepositoryLayout {

    /** The model the job and the demo ship with, relative to the root. */
    static final String COMMITTED_MODEL = "models/drsn-cw";

    private RepositoryLayout() {}

    /** The repository root above the working directory; {@link IllegalStateException} when there is none. */
    public static Path root() {
        return rootAbove(Path.of("").toAbsolutePath());
    }

    /** {@code models/drsn-cw}: the committed model, as the job and the demo load it. */
    public static Path committedModel() {
        Path model = root().resolve(COMMITTED_MODEL);
        if (!Files.isDirectory(model)) {
            throw new IllegalStateException(COMMITTED_MODEL + " is not a directory: " + model);
        }
        return model;
    }

    /** The README at the root: the user documentation some tests check against the code. */
    public static Path readme() {
        return root().resolve("README.md");
    }

    /** The repository root at or above {@code start}. */
    static Path rootAbove(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No repository root (a pom.xml with <module>s next to models/) at or above "
                        + start.toAbsolutePath());
    }

    private static boolean isRoot(Path dir) {
        Path pom = dir.resolve("pom.xml");
        if (!Files.isDirectory(dir.resolve("models")) || !Files.isRegularFile(pom)) {
            return false;
        }
        try {
            return Files.readString(pom).contains("<module>");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pom, e);
        }
    }
}
