package io.drsnstream.job.scoring;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.Scorer;
import java.util.List;

/**
 * The model a scoring subtask uses right now: the shared artifact and this subtask's scorer.
 * The operator holds exactly one reference to it, so that a later change (a control topic with
 * broadcast state) can swap models between two batches without a restart.
 */
final class ScoringModel implements AutoCloseable {

    final ModelArtifact artifact;
    final Scorer scorer;
    final String version;
    final String[] labels;
    final int windowLength;

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
