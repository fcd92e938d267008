package io.drsnstream.job.modelcontrol;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.Scorer;
import java.util.List;

/**
 * A model a scoring subtask scores with: the shared artifact and this subtask's scorer. {@link
 * ModelSlots} holds the active one and an optional shadow, and swaps them between two batches.
 */
public final class ScoringModel implements AutoCloseable {

    public final ModelArtifact artifact;
    public final Scorer scorer;
    public final String version;
    public final String[] labels;
    public final int windowLength;

    ScoringModel(ModelArtifact artifact, int maxBatchSize) {
        this.artifact = artifact;
        this.scorer = artifact.newScorer(maxBatchSize);
        this.version = artifact.getMetadata().version();
        List<String> labelList = artifact.getMetadata().labels();
        this.labels = labelList.toArray(new String[0]);
        this.windowLength = artifact.getMetadata().windowLength();
    }

    @Override
    public void close() {
        scorer.close();
        SharedModels.release(artifact);
    }
}
