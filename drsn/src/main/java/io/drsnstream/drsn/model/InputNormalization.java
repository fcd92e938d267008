package io.drsnstream.drsn.model;

import java.nio.FloatBuffer;

/**
 * How a raw window is normalised before it enters the network. Training and the {@link Scorer}
 * both call {@link #write}, so inference sees exactly what training saw.
 */
public enum InputNormalization {
    /** The raw samples. */
    NONE {
        @Override
        public void write(float[] window, FloatBuffer target) {
            target.put(window);
        }
    },
    /** Per window: subtract the mean, divide by (population standard deviation + {@link #EPSILON}). */
    PER_WINDOW_STANDARDIZE {
        @Override
        public void write(float[] window, FloatBuffer target) {
            double sum = 0;
            for (float v : window) {
                sum += v;
            }
            double mean = sum / window.length;
            double squares = 0;
            for (float v : window) {
                double d = v - mean;
                squares += d * d;
            }
            double scale = 1.0 / (Math.sqrt(squares / window.length) + EPSILON);
            for (float v : window) {
                target.put((float) ((v - mean) * scale));
            }
        }
    };

    /** Keeps a constant window finite (it becomes all zeros). */
    public static final double EPSILON = 1e-6;

    /**
     * Writes the normalised window at the buffer's position and advances it by the window length.
     *
     * @param window the raw samples, not modified
     * @param target where the normalised samples go
     */
    public abstract void write(float[] window, FloatBuffer target);

    /**
     * Returns a normalised copy of a window.
     *
     * @param window the raw samples, not modified
     * @return the normalised samples
     */
    public float[] apply(float[] window) {
        float[] out = new float[window.length];
        write(window, FloatBuffer.wrap(out));
        return out;
    }
}
