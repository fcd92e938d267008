package io.drsnstream.sql;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;

/**
 * The {@code drsn} model provider: {@code CREATE MODEL ... WITH ('provider' = 'drsn', ...)} runs
 * the Deep Residual Shrinkage Network inside the job, one window per {@code ML_PREDICT} row.
 * Registered through Java's service loader ({@code
 * META-INF/services/org.apache.flink.table.factories.Factory}).
 *
 * <p>Everything that can be wrong with the model is found here, when the query is planned: a
 * missing option, a directory that holds no valid artifact (its {@code model.json} is read and
 * the SHA-256 of {@code model.params} checked), input and output columns the provider does not
 * have, a threshold outside (0, 1]. The parameters themselves load in the tasks.
 */
public final class DrsnModelProviderFactory implements ModelProviderFactory {

    /** The value of {@code 'provider'} that selects this factory. */
    public static final String IDENTIFIER = "drsn";

    @Override
    public String factoryIdentifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(DrsnModelOptions.MODEL_DIRECTORY);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(
                DrsnModelOptions.ANOMALY_THRESHOLD,
                DrsnModelOptions.THREADS,
                DrsnModelOptions.INVALID_WINDOW);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper =
                FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        ResolvedCatalogModel model = context.getCatalogModel();
        String name = context.getObjectIdentifier().asSummaryString();

        DrsnModelSchema.checkInput(model.getResolvedInputSchema());
        List<DrsnOutputColumn> outputs =
                DrsnModelSchema.outputColumns(model.getResolvedOutputSchema());

        Path directory = modelDirectory(name, options.get(DrsnModelOptions.MODEL_DIRECTORY));
        ModelMetadata metadata = readMetadata(name, directory);
        ModelThreshold threshold =
                ModelThreshold.choose(
                        options.getOptional(DrsnModelOptions.ANOMALY_THRESHOLD).orElse(null),
                        metadata);
        int threads = options.get(DrsnModelOptions.THREADS);
        if (threads < 1) {
            throw new ValidationException(
                    "Option '"
                            + DrsnModelOptions.THREADS.key()
                            + "' of model "
                            + name
                            + " must be at least 1, got "
                            + threads);
        }
        return new DrsnModelProvider(
                new DrsnModelSettings(
                        directory.toString(),
                        metadata.version(),
                        metadata.windowLength(),
                        threshold.value(),
                        threshold.source(),
                        threads,
                        options.get(DrsnModelOptions.INVALID_WINDOW),
                        outputs));
    }

    /**
     * The option as an absolute path: a relative one is resolved where the query is planned, so
     * that the tasks read the directory that was checked here.
     */
    private static Path modelDirectory(String model, String directory) {
        try {
            return Path.of(directory).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            throw new ValidationException(
                    "Option '"
                            + DrsnModelOptions.MODEL_DIRECTORY.key()
                            + "' of model "
                            + model
                            + " is not a path: "
                            + directory,
                    e);
        }
    }

    private static ModelMetadata readMetadata(String model, Path dir) {
        String key = "'" + DrsnModelOptions.MODEL_DIRECTORY.key() + "'";
        if (!Files.isDirectory(dir)) {
            throw new ValidationException(
                    "Option "
                            + key
                            + " of model "
                            + model
                            + " names no directory: "
                            + dir
                            + " (a local path to a model artifact, e.g. models/drsn-cw)");
        }
        try {
            return ModelArtifact.verify(dir);
        } catch (ModelArtifactException e) {
            throw new ValidationException(
                    "Option "
                            + key
                            + " of model "
                            + model
                            + " names no valid model artifact: "
                            + e.getMessage(),
                    e);
        }
    }
}
