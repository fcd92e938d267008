package io.drsnstream.drsn.training;

/**
 * What one training epoch achieved.
 *
 * @param epoch the epoch, 1-based
 * @param epochs the number of epochs requested
 * @param loss the mean cross-entropy over the epoch's samples
 * @param trainAccuracy the share of the epoch's samples classified correctly during training
 * @param samplesPerSecond training throughput
 * @param learningRate the learning rate used in this epoch
 * @param samples the samples trained on in this epoch
 * @param stopped true if a stop request ended this epoch early
 */
public record EpochResult(
        int epoch,
        int epochs,
        double loss,
        double trainAccuracy,
        double samplesPerSecond,
        float learningRate,
        int samples,
        boolean stopped) {}
