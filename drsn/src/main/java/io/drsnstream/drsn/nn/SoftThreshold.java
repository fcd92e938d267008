package io.drsnstream.drsn.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * Soft thresholding, the shrinkage function of the DRSN: {@code y = sign(x) * max(|x| - t, 0)}.
 *
 * <p>Built from plain NDArray operations so that autograd differentiates it: {@code dy/dx} is 1
 * where {@code |x| > t} and 0 inside {@code [-t, t]}; {@code dy/dt} is {@code -sign(x)} outside.
 * Unlike ReLU it keeps negative features, which is why the residual path must not end in a ReLU.
 */
public final class SoftThreshold {

    private SoftThreshold() {}

    /**
     * Applies soft thresholding.
     *
     * @param x the features, e.g. (N, C, W)
     * @param t the non-negative thresholds, broadcastable to {@code x}: (N, 1, 1) for one threshold
     *     per sample, (N, C, 1) for one per sample and channel
     * @return the thresholded features, same shape as {@code x}
     */
    public static NDArray apply(NDArray x, NDArray t) {
        return x.sign().mul(Activation.relu(x.abs().sub(t)));
    }

    /**
     * The share of features that thresholding set to zero, per sample.
     *
     * @param y the output of {@link #apply}, (N, ...)
     * @return (N,) values in [0, 1]; no gradient flows through it
     */
    public static NDArray zeroShare(NDArray y) {
        long n = y.getShape().get(0);
        return y.eq(0f).toType(DataType.FLOAT32, false).reshape(n, -1).mean(new int[] {1});
    }
}
