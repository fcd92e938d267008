package io.drsnstream.sql;

import io.drsnstream.drsn.model.ModelMetadata;
import java.util.OptionalDouble;
import org.apache.flink.table.api.ValidationException;

/**
 * The anomaly threshold a {@code drsn} model flags windows with, chosen as the DataStream job
 * chooses it: the {@code anomaly.threshold} option when set, else the calibrated {@code
 * anomalyThreshold} in the model's {@code model.json}, else {@value #FALLBACK}.
 *
 * @param value windows whose anomaly_score is at or above it are anomalies
 * @param source where the value came from, one sentence for logs
 */
record ModelThreshold(float value, String source) {

    /** The threshold of a model without a calibrated one and no option. */
    static final float FALLBACK = 0.5f;

    /**
     * Chooses the threshold.
     *
     * @param option the {@code anomaly.threshold} option, or null
     * @param model the model's metadata
     * @throws ValidationException if the option is outside (0, 1]
     */
    static ModelThreshold choose(Double option, ModelMetadata model) {
        String key = "'" + DrsnModelOptions.ANOMALY_THRESHOLD.key() + "'";
        if (option != null) {
            if (!(option > 0 && option <= 1)) {
                throw new ValidationException(
                        "Option " + key + " must be in (0, 1], got " + option);
            }
            return new ModelThreshold(
                    option.floatValue(), "set by " + key + " of model " + model.version());
        }
        OptionalDouble calibrated = model.anomalyThreshold();
        if (calibrated.isPresent()) {
            return new ModelThreshold(
                    (float) calibrated.getAsDouble(),
                    "the calibrated threshold in model " + model.version() + "'s model.json");
        }
        return new ModelThreshold(
                FALLBACK,
                "the fallback " + FALLBACK + "; model " + model.version() + " is not calibrated");
    }
}
