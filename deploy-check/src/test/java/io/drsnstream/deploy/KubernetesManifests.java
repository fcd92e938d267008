package io.drsnstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The YAML documents of deploy/kubernetes/, each with the file it came from. */
record KubernetesManifests(List<Document> documents) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One resource: its file and its tree. */
    record Document(Path file, JsonNode tree) {
        String kind() {
            return tree.path("kind").asText();
        }

        String name() {
            return tree.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file.getFileName() + ":" + kind() + "/" + name();
        }
    }

    static KubernetesManifests readFrom(Path dir) throws IOException {
        List<Document> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(read(file).stream().map(t -> new Document(file, t)).toList());
            }
        }
        return new KubernetesManifests(documents);
    }

    /** Every document of a multi-document YAML file (empty ones skipped). */
    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> trees = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode tree = it.next();
                if (tree != null && !tree.isNull() && !tree.isMissingNode()) {
                    trees.add(tree);
                }
            }
        }
        return trees;
    }

    List<Document> ofKind(String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    Document named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("no " + kind + "/" + name + " in " + documents));
    }

    /** A deep copy, for tests that break a manifest on purpose. */
    static ObjectNode copy(JsonNode tree) {
        return (ObjectNode) tree.deepCopy();
    }
}
