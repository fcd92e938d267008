package io.drsnstream.sql;

import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;

/** Synchronous prediction with a {@code drsn} model: one {@link DrsnPredictFunction} per task. */
final class DrsnModelProvider implements PredictRuntimeProvider {

    private final DrsnModelSettings settings;

    DrsnModelProvider(DrsnModelSettings settings) {
        this.settings = settings;
    }

    DrsnModelSettings settings() {
        return settings;
    }

    @Override
    public PredictFunction createPredictFunction(Context context) {
        return new DrsnPredictFunction(settings);
    }

    @Override
    public ModelProvider copy() {
        return new DrsnModelProvider(settings);
    }
}
