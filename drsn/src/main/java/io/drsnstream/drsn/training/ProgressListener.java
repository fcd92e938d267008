package io.drsnstream.drsn.training;

/** Receives training progress on the training thread; keep it quick. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * Called after each epoch, and after the partial epoch a stop request ended.
     *
     * @param result the epoch's figures
     */
    void onEpoch(EpochResult result);

    /**
     * Called after each batch, e.g. to advance a progress bar.
     *
     * @param epoch the epoch, 1-based
     * @param batch the batches done in this epoch
     * @param batches the batches per epoch
     */
    default void onBatch(int epoch, int batch, int batches) {}
}
