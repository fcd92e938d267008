package io.drsnstream.sql;

import java.io.Serializable;
import java.util.List;

/**
 * Everything a {@link DrsnPredictFunction} needs, decided once when the query is planned and
 * shipped with the function to the TaskManagers.
 *
 * @param modelDirectory the local directory of the model artifact
 * @param modelVersion the version in its {@code model.json}, checked again when a task loads it
 * @param windowLength the samples per window the model expects
 * @param anomalyThreshold the anomaly_score cut-off in force
 * @param thresholdSource where that threshold came from, one sentence for logs
 * @param threads PyTorch intra-op threads
 * @param invalidWindow what a row that cannot be scored gets
 * @param outputColumns the model's output columns, in the order of its {@code OUTPUT} clause
 */
public record DrsnModelSettings(
        String modelDirectory,
        String modelVersion,
        int windowLength,
        float anomalyThreshold,
        String thresholdSource,
        int threads,
        InvalidWindowHandling invalidWindow,
        List<DrsnOutputColumn> outputColumns)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public DrsnModelSettings {
        outputColumns = List.copyOf(outputColumns);
    }
}
