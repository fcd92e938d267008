package io.drsnstream.drsn.training;

import ai.djl.Model;
import java.util.List;

/**
 * The result of {@link DrsnTrainer#train}: the trained model and how training went.
 *
 * @param model the model, its block a {@link io.drsnstream.drsn.nn.DrsnNetwork}; the caller owns
 *     it (close it, or hand it to {@code ModelArtifact.of})
 * @param history one entry per epoch run
 * @param stopped true if a stop request ended training before the last epoch
 */
public record TrainingOutcome(Model model, List<EpochResult> history, boolean stopped)
        implements AutoCloseable {

    /** Copies the history. */
    public TrainingOutcome {
        history = List.copyOf(history);
    }

    /**
     * The last epoch's figures.
     *
     * @return the last entry of the history, or null if no epoch ran
     */
    public EpochResult lastEpoch() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }
}
