package io.drsnstream.sql;

import ai.djl.Device;
import io.drsnstream.drsn.model.EngineSettings;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores one window per call with a {@code drsn} model: the row's {@code ARRAY<FLOAT>} samples
 * in, one row of the model's output columns out. Each instance (one per task) loads the model in
 * {@link #open} and owns one {@link Scorer}, freed in {@link #close}.
 *
 * <p>A row that cannot be scored (see {@link WindowSamples}) gets a row of nulls, or fails the
 * task, as the model's {@code invalid-window} option says; either way the task never waits.
 */
public final class DrsnPredictFunction extends PredictFunction {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DrsnPredictFunction.class);

    private final DrsnModelSettings settings;
    private transient ModelArtifact artifact;
    private transient Scorer scorer;
    private transient StringData modelVersion;

    DrsnPredictFunction(DrsnModelSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        EngineSettings.applyDefaults(settings.threads());
        artifact = ModelArtifact.load(Path.of(settings.modelDirectory()), Device.cpu());
        String version = artifact.getMetadata().version();
        if (!version.equals(settings.modelVersion())
                || artifact.getMetadata().windowLength() != settings.windowLength()) {
            String planned = settings.modelVersion() + " (" + settings.windowLength() + " samples)";
            String found = version + " (" + artifact.getMetadata().windowLength() + " samples)";
            artifact.close();
            artifact = null;
            throw new IllegalStateException(
                    "The model in "
                            + settings.modelDirectory()
                            + " changed after the query was planned: planned with "
                            + planned
                            + ", found "
                            + found);
        }
        scorer = artifact.newScorer();
        modelVersion = StringData.fromString(version);
        LOG.info(
                "drsn model {} loaded from {}; anomaly threshold {} ({}); invalid windows: {}",
                version,
                settings.modelDirectory(),
                settings.anomalyThreshold(),
                settings.thresholdSource(),
                settings.invalidWindow());
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        List<DrsnOutputColumn> columns = settings.outputColumns();
        GenericRowData output = new GenericRowData(columns.size());
        float[] window;
        try {
            window =
                    WindowSamples.read(
                            input.isNullAt(0) ? null : input.getArray(0), settings.windowLength());
        } catch (WindowSamples.InvalidWindowException e) {
            if (settings.invalidWindow() == InvalidWindowHandling.FAIL) {
                throw new IllegalArgumentException(
                        "drsn model "
                                + settings.modelVersion()
                                + " cannot score a row: "
                                + e.getMessage()
                                + " (option 'invalid-window' = 'FAIL')",
                        e);
            }
            LOG.warn(
                    "drsn model {}: a row gets null outputs: {}",
                    settings.modelVersion(),
                    e.getMessage());
            return List.of(output);
        }
        ScoreResult result = scorer.score(window);
        for (int i = 0; i < columns.size(); i++) {
            output.setField(
                    i, columns.get(i).value(result, settings.anomalyThreshold(), modelVersion));
        }
        return List.of(output);
    }

    @Override
    public void close() throws Exception {
        try {
            if (scorer != null) {
                scorer.close();
            }
        } finally {
            scorer = null;
            if (artifact != null) {
                artifact.close();
                artifact = null;
            }
            super.close();
        }
    }
}
