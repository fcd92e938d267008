package io.drsnstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/** The README's settings table is what users read: it must list every setting with its default. */
class SettingsDocumentationTest {

    @Test
    void readmeListsEverySettingWithItsDefault() throws Exception {
        String readme = Files.readString(RepositoryLayout.readme());
        for (ConfigOption<?> option : ScoringJobOptions.ALL) {
            String row = "| `--" + option.key() + "` | " + defaultAsDocumented(option) + " |";
            assertThat(readme).as("README row for %s", option.key()).contains(row);
        }
    }

    /** As a user writes it on the command line: durations with a unit, choices in lower case. */
    private static String defaultAsDocumented(ConfigOption<?> option) {
        if (!option.hasDefaultValue()) {
            return "—";
        }
        Object value = option.defaultValue();
        String text =
                value instanceof Duration duration
                        ? ScoringJobConfig.format(duration)
                        : value instanceof Enum<?>
                                ? value.toString().toLowerCase(Locale.ROOT)
                                : String.valueOf(value);
        return "`" + text + "`";
    }
}
