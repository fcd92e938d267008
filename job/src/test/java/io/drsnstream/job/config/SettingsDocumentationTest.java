package io.drsnstream.job.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's settings table is what users read: it must list every setting with its default. */
class SettingsDocumentationTest {

    @Test
    void readmeListsEverySettingWithItsDefault() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("README.md above the module").isNotNull();
        String readme = Files.readString(dir.resolve("README.md"));
        for (JobOption option : JobOption.values()) {
            String row = "| `--" + option.key() + "` | "
                    + (option.defaultValue() == null ? "—" : "`" + option.defaultValue() + "`") + " |";
            assertThat(readme).as("README row for %s", option.key()).contains(row);
        }
    }
}
