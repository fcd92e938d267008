package io.drsnstream.job.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which settings hold secrets, so that nothing this project logs or prints shows their values.
 * Two rules of the libraries, not a list of our own: Flink's
 * ({@link GlobalConfiguration#isSensitive}: a key containing {@code password}, {@code secret},
 * {@code token}, {@code jaas.config}, {@code apikey}, ...; what Flink hides in its own logs and
 * web UI) and Kafka's (every client setting of type PASSWORD, e.g. {@code ssl.keystore.key},
 * which Flink's words miss, also under a prefix such as {@code kafka.} or
 * {@code listener.name.<listener>.}).
 */
public final class SensitiveKeys {

    /** What a secret value is shown as: Flink's marker. */
    public static final String HIDDEN = GlobalConfiguration.HIDDEN_CONTENT;

    private static final Set<String> KAFKA_PASSWORDS =
            Stream.of(
                            ProducerConfig.configDef(),
                            ConsumerConfig.configDef(),
                            AdminClientConfig.configDef())
                    .flatMap(def -> def.configKeys().values().stream())
                    .filter(key -> key.type == ConfigDef.Type.PASSWORD)
                    .map(key -> key.name)
                    .collect(Collectors.toUnmodifiableSet());

    private SensitiveKeys() {}

    /** True when the value of {@code key} is a secret. */
    public static boolean isSensitive(String key) {
        if (GlobalConfiguration.isSensitive(key)) {
            return true;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        return KAFKA_PASSWORDS.stream().anyMatch(p -> lower.equals(p) || lower.endsWith("." + p));
    }

    /** The settings sorted by key, with the value of every sensitive key {@link #HIDDEN}. */
    public static Map<String, String> redacted(Map<?, ?> settings) {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach(
                (key, value) ->
                        shown.put(
                                String.valueOf(key),
                                isSensitive(String.valueOf(key)) ? HIDDEN : String.valueOf(value)));
        return shown;
    }

    /**
     * {@code text} with every value that follows a sensitive {@code --key} in {@code args}
     * replaced by {@link #HIDDEN}: for messages that quote command-line arguments (Flink's
     * ParameterTool quotes them all when it cannot parse them).
     */
    public static String hideArgumentValues(String text, String[] args) {
        String shown = text;
        for (int i = 0; i + 1 < args.length; i++) {
            String arg = args[i];
            String value = args[i + 1];
            if (arg != null
                    && arg.startsWith("-")
                    && isSensitive(arg.replaceFirst("^-+", ""))
                    && value != null
                    && !value.isEmpty()) {
                shown = shown.replace(value, HIDDEN);
            }
        }
        return shown;
    }
}
