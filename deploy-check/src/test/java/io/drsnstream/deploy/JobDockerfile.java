package io.drsnstream.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * deploy/Dockerfile as the instructions the tests look at: the base image and the COPY source ->
 * target pairs (one source per COPY, flags such as --chown dropped). No line continuations in
 * FROM or COPY: the tests check that too.
 */
record JobDockerfile(List<String> from, Map<String, String> copies) {

    static final String PATH = "deploy/Dockerfile";

    static JobDockerfile read(Path repoRoot) throws IOException {
        List<String> from = new ArrayList<>();
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : Files.readAllLines(repoRoot.resolve(PATH))) {
            List<String> words = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
            switch (words.get(0)) {
                case "FROM" -> from.add(words.get(1));
                case "COPY", "ADD" -> {
                    words.removeIf(w -> w.startsWith("--"));
                    if (words.size() != 3 || words.get(2).equals("\\")) {
                        throw new AssertionError(
                                PATH + ": one source and one target per COPY: " + line);
                    }
                    copies.put(words.get(1), words.get(2));
                }
                default -> {}
            }
        }
        return new JobDockerfile(from, copies);
    }
}
