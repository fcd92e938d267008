package io.drsnstream.job.window;

import java.util.Arrays;

/**
 * The samples of one sensor collected towards the next window, with the chunks they came from.
 * A Flink POJO kept in keyed state by {@link WindowAssembler}; the chunk bookkeeping is what gives
 * each window its exact start time and its first and last sequence number.
 */
public class PartialWindow {

    /** Sample buffer of capacity N (the window length); the first {@link #count} are valid. */
    public float[] samples;

    public int count;

    /** Samples still to drop before collecting again (when the hop is larger than N). */
    public int samplesToSkip;

    /**
     * Index of buffer position 0 among the samples of the current contiguous run (see
     * {@link StreamPosition#runStartMicros}): window times are computed from it, not summed from
     * rounded chunk times, so they stay exact to the microsecond.
     */
    public long bufferStartIndex;

    /** Per contributing chunk: its seq, length, and the buffer index of its sample 0. */
    public long[] chunkSeqs;

    public int[] chunkLengths;
    public int[] chunkFirstIndex;
    public int chunkCount;

    public PartialWindow() {}

    static PartialWindow empty(int windowLength) {
        PartialWindow window = new PartialWindow();
        window.samples = new float[windowLength];
        window.chunkSeqs = new long[4];
        window.chunkLengths = new int[4];
        window.chunkFirstIndex = new int[4];
        return window;
    }

    boolean isEmpty() {
        return count == 0 && chunkCount == 0;
    }

    /** Forgets everything: the next sample starts a new run at index 0. */
    void clear() {
        count = 0;
        chunkCount = 0;
        samplesToSkip = 0;
        bufferStartIndex = 0;
    }

    void addChunk(long seq, int length, int firstIndex) {
        if (chunkCount == chunkSeqs.length) {
            int grown = chunkCount * 2;
            chunkSeqs = Arrays.copyOf(chunkSeqs, grown);
            chunkLengths = Arrays.copyOf(chunkLengths, grown);
            chunkFirstIndex = Arrays.copyOf(chunkFirstIndex, grown);
        }
        chunkSeqs[chunkCount] = seq;
        chunkLengths[chunkCount] = length;
        chunkFirstIndex[chunkCount] = firstIndex;
        chunkCount++;
    }

    /** Drops the first {@code n} buffered samples, and the chunks that no longer contribute. */
    void shift(int n) {
        System.arraycopy(samples, n, samples, 0, count - n);
        count -= n;
        bufferStartIndex += n;
        int kept = 0;
        for (int i = 0; i < chunkCount; i++) {
            int firstIndex = chunkFirstIndex[i] - n;
            if (firstIndex + chunkLengths[i] > 0) {
                chunkSeqs[kept] = chunkSeqs[i];
                chunkLengths[kept] = chunkLengths[i];
                chunkFirstIndex[kept] = firstIndex;
                kept++;
            }
        }
        chunkCount = kept;
    }
}
