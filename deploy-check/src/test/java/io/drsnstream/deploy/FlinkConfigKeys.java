package io.drsnstream.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalResourceOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * Flink configuration keys a deployment may set, from Flink's own {@link ConfigOption} classes,
 * so that a misspelled key (which Flink would ignore) fails a test. Keys with a name inside
 * (reporters, external resources) are matched by their documented shape.
 */
final class FlinkConfigKeys {

    private static final List<Class<?>> OPTION_CLASSES =
            List.of(
                    CoreOptions.class,
                    CheckpointingOptions.class,
                    StateBackendOptions.class,
                    StateRecoveryOptions.class,
                    HighAvailabilityOptions.class,
                    TaskManagerOptions.class,
                    JobManagerOptions.class,
                    PipelineOptions.class,
                    RestartStrategyOptions.class,
                    MetricOptions.class,
                    ExternalResourceOptions.class);

    /**
     * Settings of other components that live in Flink's configuration: the Prometheus reporter's
     * port (flink-metrics-prometheus, a plugin), an external resource's Kubernetes resource name
     * (flink-kubernetes), and the operator's per-deployment array merging of pod templates
     * (KubernetesOperatorConfigOptions, a dynamic operator option).
     */
    private static final List<String> OTHER_COMPONENTS_SUFFIXES = List.of("kubernetes.config-key");

    private static final String PROMETHEUS_REPORTER_PORT = "port";
    static final String OPERATOR_MERGE_ARRAYS_BY_NAME =
            "kubernetes.operator.pod-template.merge-arrays-by-name";

    private final Map<String, ConfigOption<?>> options = new HashMap<>();

    FlinkConfigKeys() {
        for (Class<?> type : OPTION_CLASSES) {
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    ConfigOption<?> option = read(field);
                    options.put(option.key(), option);
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        options.putIfAbsent(fallback.getKey(), option);
                    }
                }
            }
        }
    }

    /** The option of a plain key (one without a name inside), if Flink has it. */
    Optional<ConfigOption<?>> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    /** Whether {@code key} is a Flink setting (or one of the other components' listed above). */
    boolean isKnown(String key, List<String> externalResources) {
        if (options.containsKey(key) || key.equals(OPERATOR_MERGE_ARRAYS_BY_NAME)) {
            return true;
        }
        if (key.startsWith(ConfigConstants.METRICS_REPORTER_PREFIX)) {
            String rest = key.substring(ConfigConstants.METRICS_REPORTER_PREFIX.length());
            int dot = rest.indexOf('.');
            String suffix = dot < 0 ? "" : rest.substring(dot + 1);
            return suffix.equals(MetricOptions.REPORTER_FACTORY_CLASS.key())
                    || suffix.equals(PROMETHEUS_REPORTER_PORT);
        }
        for (String resource : externalResources) {
            if (key.equals(ExternalResourceOptions.getAmountConfigOptionForResource(resource))) {
                return true;
            }
            for (String suffix :
                    List.of(
                            ExternalResourceOptions.EXTERNAL_RESOURCE_DRIVER_FACTORY_SUFFIX,
                            OTHER_COMPONENTS_SUFFIXES.get(0))) {
                if (key.equals(
                        ExternalResourceOptions.getSystemConfigKeyConfigOptionForResource(
                                resource, suffix))) {
                    return true;
                }
            }
            String params =
                    ExternalResourceOptions.getSystemConfigKeyConfigOptionForResource(
                            resource,
                            ExternalResourceOptions.EXTERNAL_RESOURCE_DRIVER_PARAM_SUFFIX);
            if (key.startsWith(params) && key.length() > params.length()) {
                return true;
            }
        }
        return false;
    }

    private static ConfigOption<?> read(Field field) {
        try {
            return (ConfigOption<?>) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
