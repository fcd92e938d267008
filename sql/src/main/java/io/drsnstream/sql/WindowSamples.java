package io.drsnstream.sql;

import org.apache.flink.table.data.ArrayData;

/**
 * Reads a row's {@code ARRAY<FLOAT>} samples into a window the model can score, or says why it
 * cannot: the array is null, has another length than the model's window, or holds a null, NaN or
 * infinite value.
 */
final class WindowSamples {

    private WindowSamples() {}

    /**
     * Reads the samples.
     *
     * @param samples the input column's value, may be null
     * @param windowLength the samples per window the model expects
     * @return the samples
     * @throws InvalidWindowException naming the first problem found
     */
    static float[] read(ArrayData samples, int windowLength) {
        if (samples == null) {
            throw new InvalidWindowException("the samples are null");
        }
        if (samples.size() != windowLength) {
            throw new InvalidWindowException(
                    "the window has "
                            + samples.size()
                            + " samples but the model expects windows of "
                            + windowLength);
        }
        float[] window = new float[windowLength];
        for (int i = 0; i < windowLength; i++) {
            if (samples.isNullAt(i)) {
                throw new InvalidWindowException("sample " + i + " is null");
            }
            float value = samples.getFloat(i);
            if (!Float.isFinite(value)) {
                throw new InvalidWindowException("sample " + i + " is " + value);
            }
            window[i] = value;
        }
        return window;
    }

    /** A row whose samples cannot be scored; the message says why. */
    static final class InvalidWindowException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidWindowException(String message) {
            super(message);
        }
    }
}
