package io.drsnstream.deploy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds YAML to fabric8's and Strimzi's model classes and fails on fields the model does not
 * know. Those classes do not fail on unknown fields themselves: they keep them in an {@code
 * additionalProperties} map (to round-trip newer servers' fields). So after binding, every model
 * object in the graph must have that map empty; a misspelled {@code volumeMount} shows up there.
 */
final class StrictModel {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StrictModel() {}

    /** The tree bound to {@code type}; unknown fields anywhere in it fail with their paths. */
    static <T> T bind(JsonNode tree, Class<T> type, String what) {
        T value;
        try {
            value = MAPPER.treeToValue(tree, type);
        } catch (Exception e) {
            throw new AssertionError(what + " does not parse as " + type.getName() + ": " + e, e);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknown(value, what, unknown, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (!unknown.isEmpty()) {
            throw new AssertionError(
                    what
                            + " has fields that "
                            + type.getSimpleName()
                            + " does not know: "
                            + unknown);
        }
        return value;
    }

    private static void collectUnknown(
            Object value, String path, List<String> unknown, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknown(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, unknown, seen));
            return;
        }
        if (!isModel(value.getClass())) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0
                    || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get")
                    || getter.getName().equals("getClass")) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // derived getters that need state the YAML did not give
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            collectUnknown(
                    child, path + "." + decapitalize(getter.getName().substring(3)), unknown, seen);
        }
    }

    private static boolean isModel(Class<?> type) {
        String name = type.getName();
        return name.startsWith("io.fabric8.kubernetes.api.model")
                || name.startsWith("io.strimzi.api.kafka.model");
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
