package io.drsnstream.job;

import java.nio.file.Files;
import java.nio.file.Path;

/** The model the job and the demo ship with, for tests: {@code models/drsn-cw} at the repository root. */
public final class CommittedModel {

    private CommittedModel() {}

    public static Path dir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/drsn-cw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("models/drsn-cw not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("models/drsn-cw");
    }
}
