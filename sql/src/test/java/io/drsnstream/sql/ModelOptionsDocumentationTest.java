package io.drsnstream.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.table.factories.Factory;
import org.junit.jupiter.api.Test;

/**
 * The README's Flink SQL section documents every option of the {@code drsn} provider, and the
 * provider is what Java's service loader finds for Flink's {@code Factory} SPI.
 */
class ModelOptionsDocumentationTest {

    private static final String SECTION = "## Flink SQL: the DRSN as a model provider";

    @Test
    void theServiceLoaderFindsTheDrsnProvider() {
        assertThat(ServiceLoader.load(Factory.class).stream().map(ServiceLoader.Provider::type))
                .contains(DrsnModelProviderFactory.class);
        assertThat(new DrsnModelProviderFactory().factoryIdentifier()).isEqualTo("drsn");
    }

    @Test
    void theReadmeListsEveryOptionOfTheProvider() throws Exception {
        String readme = Files.readString(RepositoryLayout.readme());
        int start = readme.indexOf(SECTION);
        assertThat(start).as("README section '%s'", SECTION).isNotNegative();
        int end = readme.indexOf("\n## ", start + SECTION.length());
        String section = readme.substring(start, end < 0 ? readme.length() : end);

        DrsnModelProviderFactory factory = new DrsnModelProviderFactory();
        Set<ConfigOption<?>> options = new HashSet<>(factory.requiredOptions());
        options.addAll(factory.optionalOptions());
        for (ConfigOption<?> option : options) {
            assertThat(section)
                    .as("README's Flink SQL section documents option '%s'", option.key())
                    .contains("| `" + option.key() + "` |");
        }
        for (DrsnOutputColumn column : DrsnOutputColumn.values()) {
            assertThat(section)
                    .as("README's Flink SQL section documents output column '%s'", column)
                    .contains("`" + column.columnName() + " ");
        }
    }
}
