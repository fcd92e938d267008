package io.drsnstream.drsn.nn;

/** The four networks of the paper, all on the same skeleton (see {@link DrsnNetwork}). */
public enum Architecture {
    /** Deep residual shrinkage network with channel-wise thresholds. */
    DRSN_CW(ThresholdMode.CHANNEL_WISE, true),
    /** Deep residual shrinkage network with channel-shared thresholds. */
    DRSN_CS(ThresholdMode.CHANNEL_SHARED, true),
    /** The same units without threshold branch and soft thresholding. */
    RESNET(ThresholdMode.NONE, true),
    /** The ResNet without identity shortcuts. */
    CONVNET(ThresholdMode.NONE, false);

    private final ThresholdMode thresholdMode;
    private final boolean shortcut;

    Architecture(ThresholdMode thresholdMode, boolean shortcut) {
        this.thresholdMode = thresholdMode;
        this.shortcut = shortcut;
    }

    /**
     * Returns how the units of this network threshold their features.
     *
     * @return the threshold mode of every unit
     */
    public ThresholdMode thresholdMode() {
        return thresholdMode;
    }

    /**
     * Returns whether the units add an identity shortcut.
     *
     * @return true for every architecture but {@link #CONVNET}
     */
    public boolean hasShortcut() {
        return shortcut;
    }
}
