package io.drsnstream.job.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A Java properties file of Kafka client settings ({@code security.protocol}, {@code
 * sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.*}, ...), keys as Kafka names them: the
 * file a Kafka client tool takes with {@code --command-config}. The job and the topic tools read
 * it once where they start, so that secrets stay off their command lines.
 */
public final class KafkaClientConfigFile {

    private KafkaClientConfigFile() {}

    /**
     * The file's settings, keys sorted.
     *
     * @throws InvalidConfigException naming the file when it is missing, unreadable or not a
     *     properties file
     */
    public static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw cannotRead(file, "no such file");
        } catch (AccessDeniedException e) {
            throw cannotRead(file, "permission denied");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: a malformed \\uXXXX escape. Neither message quotes a value.
            throw cannotRead(file, e.toString());
        }
        Map<String, String> settings = new TreeMap<>();
        properties.forEach((key, value) -> settings.put((String) key, (String) value));
        return settings;
    }

    private static InvalidConfigException cannotRead(Path file, String reason) {
        return new InvalidConfigException(
                "Cannot read the Kafka client config file "
                        + file.toAbsolutePath()
                        + ": "
                        + reason);
    }
}
