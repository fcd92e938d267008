package io.drsnstream.job.modelcontrol;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import java.io.IOException;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Loads a model artifact for one scoring subtask: fetches it, verifies it (the command's SHA-256
 * and version, and labels, window length and sample rate the same as the running pipeline's),
 * loads it on the subtask's device and warms it up with one forward pass; or says in one line
 * why it cannot ({@link RefusedArtifactException}). Which model scores is {@link ModelSlots}'s
 * decision, not this class's.
 */
final class ModelLoader {

    private final ModelMetadata pipeline;
    private final Device device;
    private final int batchSize;
    private Counter loadFailures;

    /**
     * @param pipeline the metadata of the model the pipeline was built for (its windows and
     *     sample rate); every model must match it
     */
    ModelLoader(ModelMetadata pipeline, Device device, int batchSize) {
        this.pipeline = pipeline;
        this.device = device;
        this.batchSize = batchSize;
    }

    /** Registers modelLoadFailures. */
    void registerMetrics(MetricGroup group) {
        loadFailures = group.counter("modelLoadFailures");
    }

    /** Fetches, verifies, loads and warms up an artifact, or says in one line why it cannot. */
    ScoringModel load(ModelReference reference) throws RefusedArtifactException {
        ArtifactFetcher.LocalArtifact local;
        try {
            local = ArtifactFetcher.fetch(reference.location);
        } catch (IOException | RuntimeException e) {
            countFailure();
            throw new RefusedArtifactException(
                    "cannot read " + reference.location + ": " + e.getMessage(), e);
        }
        try {
            ModelMetadata metadata = ModelArtifact.verify(local.dir());
            checkMatches(reference, metadata);
            ModelArtifact artifact =
                    SharedModels.acquire(local.dir(), metadata.parametersSha256(), device);
            ScoringModel model = new ScoringModel(artifact, batchSize);
            try {
                warmUp(model);
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            return model;
        } catch (ModelArtifactException e) {
            countFailure();
            throw new RefusedArtifactException(
                    e.getReason() + ": " + e.getMessage().replace('\n', ' '), e);
        } catch (RefusedArtifactException e) {
            countFailure();
            throw e;
        } catch (RuntimeException e) {
            countFailure();
            throw new RefusedArtifactException(
                    "cannot load "
                            + reference
                            + ": "
                            + e.getClass().getSimpleName()
                            + ": "
                            + e.getMessage(),
                    e);
        } finally {
            ArtifactFetcher.release(local);
        }
    }

    private void checkMatches(ModelReference reference, ModelMetadata metadata)
            throws RefusedArtifactException {
        if (reference.sha256 != null
                && !reference.sha256.equalsIgnoreCase(metadata.parametersSha256())) {
            throw new RefusedArtifactException(
                    "CHECKSUM_MISMATCH: the parameters' SHA-256 is "
                            + metadata.parametersSha256()
                            + ", the command says "
                            + reference.sha256,
                    null);
        }
        if (reference.version != null && !reference.version.equals(metadata.version())) {
            throw new RefusedArtifactException(
                    "VERSION_MISMATCH: the artifact is version "
                            + metadata.version()
                            + ", the command says "
                            + reference.version,
                    null);
        }
        if (metadata.windowLength() != pipeline.windowLength()
                || Double.compare(metadata.sampleRateHz(), pipeline.sampleRateHz()) != 0
                || !metadata.labels().equals(pipeline.labels())
                || !metadata.healthyLabel().equals(pipeline.healthyLabel())) {
            throw new RefusedArtifactException(
                    "INCOMPATIBLE: the artifact scores windows of "
                            + metadata.windowLength()
                            + " samples at "
                            + metadata.sampleRateHz()
                            + " Hz with labels "
                            + metadata.labels()
                            + ", the running pipeline cuts "
                            + pipeline.windowLength()
                            + " at "
                            + pipeline.sampleRateHz()
                            + " Hz for labels "
                            + pipeline.labels(),
                    null);
        }
    }

    /** One forward pass, so that the first real batch pays no first-call cost, and a sanity check. */
    private void warmUp(ScoringModel model) throws RefusedArtifactException {
        float[] window = new float[model.windowLength];
        for (int t = 0; t < window.length; t++) {
            window[t] = (float) Math.sin(2 * Math.PI * 100 * t / pipeline.sampleRateHz());
        }
        ScoreResult result = model.scorer.score(window);
        if (!Float.isFinite(result.anomalyScore())) {
            model.close();
            throw new RefusedArtifactException(
                    "WARM_UP: the model's forward pass gives a non-finite anomaly score", null);
        }
    }

    private void countFailure() {
        if (loadFailures != null) {
            loadFailures.inc();
        }
    }
}
