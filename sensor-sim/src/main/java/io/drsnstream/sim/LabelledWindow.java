package io.drsnstream.sim;

/**
 * One generated window with its ground truth.
 * Being a record holding an array, {@code equals} compares the sample arrays by identity;
 * compare {@code samples()} with {@link java.util.Arrays#equals(float[], float[])}.
 *
 * @param samples the acceleration samples (g)
 * @param state the health state (label = {@link HealthState#classIndex()})
 * @param shaftHz the actual shaft speed of the window (nominal +- 1 %)
 * @param load the load
 * @param severity the fault severity, 0 for healthy windows
 */
public record LabelledWindow(
        float[] samples, HealthState state, double shaftHz, double load, double severity) {}
