package io.drsnstream.training;

/**
 * The samples of one recording file: one array per channel (sensor), all of one length, and the
 * sample rate the file itself states (WAV), or NaN when the format has none (CSV, raw, .npy,
 * .mat), and where in the file each channel came from when the format names it (the .mat
 * variables; null otherwise).
 */
record RecordingSignal(
        float[][] channels, double fileSampleRateHz, java.util.List<String> sources) {

    RecordingSignal(float[][] channels, double fileSampleRateHz) {
        this(channels, fileSampleRateHz, null);
    }

    RecordingSignal {
        if (channels.length == 0) {
            throw new IllegalArgumentException("no channels");
        }
        for (float[] c : channels) {
            if (c.length != channels[0].length) {
                throw new IllegalArgumentException("channels of different lengths");
            }
        }
    }

    int length() {
        return channels[0].length;
    }

    /**
     * Rejects a sample that is not finite, naming the file, the sample index and the channel; CSV
     * checks its own with the line number instead.
     */
    RecordingSignal requireFinite(String file) {
        for (int c = 0; c < channels.length; c++) {
            float[] ch = channels[c];
            for (int i = 0; i < ch.length; i++) {
                if (!Float.isFinite(ch[i])) {
                    throw new RecordingException(
                            file
                                    + ": sample "
                                    + i
                                    + " of channel "
                                    + c
                                    + " is "
                                    + ch[i]
                                    + " (every sample must be a finite number)");
                }
            }
        }
        return this;
    }
}
