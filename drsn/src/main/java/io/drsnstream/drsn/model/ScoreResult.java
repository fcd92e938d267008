package io.drsnstream.drsn.model;

/**
 * The verdict on one window.
 *
 * @param probabilities softmax of the logits, in the order of the model's labels (owned by this
 *     result; do not modify)
 * @param classIndex the index of the most probable class
 * @param label the most probable class's label
 * @param confidence the probability of that class
 * @param anomalyScore {@code 1 - P(healthy)}
 * @param shrinkage share of features the soft thresholds set to zero, averaged over the shrinkage
 *     units (0 for networks without thresholds): a property of the network's features, which
 *     barely moves with the input's noise; {@code noiseLevel} is the noise indicator
 * @param noiseLevel estimated share of the raw window's power in its broadband noise floor, in [0,
 *     1]: 0 clean, about 0.5 when noise is as strong as the signal (0 dB), 1 noise only (see
 *     {@link NoiseFloorEstimator})
 */
public record ScoreResult(
        float[] probabilities,
        int classIndex,
        String label,
        float confidence,
        float anomalyScore,
        float shrinkage,
        float noiseLevel) {}
