package io.drsnstream.drsn.training;

import java.util.Random;

/**
 * Changes a training batch in place before it is normalised, e.g. adds noise at a random SNR.
 * Called once per batch on the training thread.
 */
@FunctionalInterface
public interface BatchAugmenter {

    /**
     * Augments a batch.
     *
     * @param batch copies of the raw training windows of this batch, to be modified in place;
     *     every row must keep its length
     * @param rng the trainer's seeded random source, so that runs stay reproducible
     */
    void augment(float[][] batch, Random rng);
}
