package io.drsnstream.sim;

/**
 * The kinds of additive noise of the paper's experiment. The declaration order is stored in
 * data set files; do not reorder.
 */
public enum NoiseType {
    /** No added noise. */
    NONE,
    /** Zero-mean Gaussian noise, flat spectrum. */
    WHITE_GAUSSIAN,
    /** Zero-mean Laplacian noise (heavier tails, kurtosis 6), flat spectrum. */
    LAPLACIAN,
    /** Gaussian noise shaped to a 1/f power spectrum (-10 dB per decade). */
    PINK
}
