package io.drsnstream.job.config;

import java.util.Locale;

/**
 * The anomalyScore cut-off the job flags windows with, and where it came from: the
 * {@code anomaly.threshold} setting, the model's calibrated threshold, or the fallback of 0.5.
 * Decided once at submission by {@link ScoringJobConfig#anomalyThresholdFor}.
 *
 * @param value windows whose anomalyScore is at or above it are anomalies
 * @param source where the value came from
 * @param detail one sentence for the log: the source, the model and what was overridden
 */
public record AnomalyThreshold(float value, Source source, String detail) {

    /** The threshold of a model without a calibrated one and no {@code anomaly.threshold} setting. */
    public static final float FALLBACK = 0.5f;

    /** Where a threshold came from. */
    public enum Source {
        /** {@code --anomaly.threshold} was given. */
        SETTING,
        /** The model's {@code model.json} holds a calibrated {@code anomalyThreshold}. */
        MODEL,
        /** Neither: {@value #FALLBACK}. */
        FALLBACK
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s)", value, detail);
    }
}
