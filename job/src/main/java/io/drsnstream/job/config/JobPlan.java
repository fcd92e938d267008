package io.drsnstream.job.config;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the job is built from, decided once at submission: the settings, the model artifact they
 * name (verified), the anomaly threshold in force and the default alert policy judged against it.
 *
 * @param config the settings
 * @param model the verified model artifact's metadata: windows, sample rate, labels, version
 * @param threshold the anomaly threshold in force and where it came from
 * @param alertPolicy the alert rule's defaults, at {@code alert.anomaly-threshold} or else
 *     {@code threshold}
 */
public record JobPlan(
        ScoringJobConfig config,
        ModelMetadata model,
        AnomalyThreshold threshold,
        AlertPolicy alertPolicy) {

    private static final Logger LOG = LoggerFactory.getLogger(JobPlan.class);

    /**
     * Verifies the model artifact (metadata, files, the parameters' SHA-256), so that a bad model
     * directory stops the job at submission with its reason instead of failing every task that
     * loads it, and resolves the threshold and the alert policy.
     *
     * @throws InvalidConfigException when the artifact is unusable
     */
    public static JobPlan resolve(ScoringJobConfig config) {
        ModelMetadata model;
        try {
            model = ModelArtifact.verify(config.modelPath());
        } catch (ModelArtifactException e) {
            throw new InvalidConfigException(
                    "Invalid setting model.dir=" + config.modelDir + ": " + e.getMessage());
        }
        return of(config, model);
    }

    /** The plan for a model whose artifact was verified already. */
    public static JobPlan of(ScoringJobConfig config, ModelMetadata model) {
        AnomalyThreshold threshold = config.anomalyThresholdFor(model);
        LOG.info("Anomaly threshold in force: {}", threshold);
        return new JobPlan(config, model, threshold, config.alertPolicy(threshold.value()));
    }
}
