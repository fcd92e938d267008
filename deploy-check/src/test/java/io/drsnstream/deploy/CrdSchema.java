package io.drsnstream.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A custom resource checked against its CRD's {@code openAPIV3Schema} the way the Kubernetes API
 * server does under strict field validation (kubectl's default): a field the schema does not
 * declare is an error unless the schema preserves unknown fields there; types, enums and required
 * fields as declared; {@code x-kubernetes-int-or-string} takes either.
 *
 * <p>Hand-written because a CRD schema is Kubernetes' structural subset of OpenAPI with its own
 * {@code x-kubernetes-*} rules, and a JSON-Schema validator would accept unknown fields unless the
 * schema were rewritten first; the subset the operator's generated CRD uses is small.
 */
final class CrdSchema {

    private final JsonNode schema;

    private CrdSchema(JsonNode schema) {
        this.schema = schema;
    }

    /** The schema of {@code version} in a CustomResourceDefinition. */
    static CrdSchema of(JsonNode crd, String version) {
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals(version)) {
                return new CrdSchema(v.path("schema").path("openAPIV3Schema"));
            }
        }
        throw new IllegalArgumentException(
                "CRD " + crd.path("metadata").path("name").asText() + " has no version " + version);
    }

    /** The enum values the schema allows at a dotted path of properties, e.g. spec.flinkVersion. */
    List<String> enumAt(String dottedPath) {
        JsonNode node = schema;
        for (String part : dottedPath.split("\\.")) {
            node = node.path("properties").path(part);
        }
        List<String> values = new ArrayList<>();
        node.path("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * Every violation, as "path: problem"; empty when the resource is valid. {@code apiVersion},
     * {@code kind} and {@code metadata} are the API server's own (a CRD's schema leaves them out):
     * they are checked elsewhere (metadata as fabric8's ObjectMeta).
     */
    List<String> violations(JsonNode resource) {
        List<String> errors = new ArrayList<>();
        ObjectNode body = resource.deepCopy();
        body.remove(List.of("apiVersion", "kind", "metadata"));
        check(body, schema, "", errors);
        return errors;
    }

    private static void check(JsonNode node, JsonNode schema, String path, List<String> errors) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!node.isIntegralNumber() && !node.isTextual()) {
                errors.add(path + ": expected an integer or a string, got " + node.getNodeType());
            }
            return;
        }
        boolean preserveUnknown =
                schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        String type = schema.path("type").asText("");
        if (type.isEmpty() && preserveUnknown) {
            return;
        }
        switch (type) {
            case "object" -> checkObject(node, schema, path, errors, preserveUnknown);
            case "array" -> {
                if (!node.isArray()) {
                    errors.add(path + ": expected a list, got " + node.getNodeType());
                    return;
                }
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), schema.path("items"), path + "[" + i + "]", errors);
                }
            }
            case "string" -> expect(node.isTextual(), node, "a string", path, errors);
            case "integer" -> expect(node.isIntegralNumber(), node, "an integer", path, errors);
            case "number" -> expect(node.isNumber(), node, "a number", path, errors);
            case "boolean" -> expect(node.isBoolean(), node, "a boolean", path, errors);
            default -> errors.add(path + ": schema type '" + type + "' is not handled here");
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.path("enum")) {
                listed |= allowed.asText().equals(node.asText());
            }
            if (!listed) {
                errors.add(path + ": '" + node.asText() + "' is not one of " + schema.path("enum"));
            }
        }
    }

    private static void checkObject(
            JsonNode node,
            JsonNode schema,
            String path,
            List<String> errors,
            boolean preserveUnknown) {
        if (!node.isObject()) {
            errors.add(path + ": expected a mapping, got " + node.getNodeType());
            return;
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(field.getValue(), properties.get(field.getKey()), fieldPath, errors);
            } else if (additional.isObject()) {
                check(field.getValue(), additional, fieldPath, errors);
            } else if (!preserveUnknown) {
                errors.add(fieldPath + ": unknown field");
            }
        }
        for (JsonNode required : schema.path("required")) {
            if (!node.has(required.asText())) {
                errors.add(path + ": required field '" + required.asText() + "' is missing");
            }
        }
    }

    private static void expect(
            boolean ok, JsonNode node, String what, String path, List<String> errors) {
        if (!ok) {
            errors.add(path + ": expected " + what + ", got " + node.getNodeType() + " " + node);
        }
    }
}
