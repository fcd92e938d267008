package io.drsnstream.drsn.nn;

/** How a residual unit learns its soft thresholds. */
public enum ThresholdMode {
    /** No threshold branch, no soft thresholding: a plain pre-activation residual unit. */
    NONE,
    /** RSBU-CS: one threshold per sample, shared by all channels. */
    CHANNEL_SHARED,
    /** RSBU-CW: one threshold per sample and channel. */
    CHANNEL_WISE
}
