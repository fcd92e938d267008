package io.drsnstream.job.window;

/**
 * Where one sensor's stream stands: the chunk expected next, and the most recent sequence
 * numbers that a gap skipped (so that one of them arriving later is LATE, not a DUPLICATE).
 */
public class StreamPosition {

    /** How many skipped ranges are remembered; older ones read as late. */
    static final int REMEMBERED_GAPS = 16;

    /** The first seq this job processed for the sensor; anything below it arrived too late. */
    public long firstSeq;

    public long nextSeq;

    /** Start time of the first sample of the current contiguous run, in microseconds. */
    public long runStartMicros;

    /** Samples taken since the run started; the next chunk must start at sample index samplesInRun. */
    public long samplesInRun;

    public long[] skippedFrom = new long[0];
    public long[] skippedTo = new long[0];

    public StreamPosition() {}

    void startRun(long startMicros) {
        runStartMicros = startMicros;
        samplesInRun = 0;
    }

    void rememberSkipped(long from, long to) {
        int n = Math.min(skippedFrom.length + 1, REMEMBERED_GAPS);
        long[] newFrom = new long[n];
        long[] newTo = new long[n];
        int keep = n - 1;
        System.arraycopy(skippedFrom, skippedFrom.length - keep, newFrom, 0, keep);
        System.arraycopy(skippedTo, skippedTo.length - keep, newTo, 0, keep);
        newFrom[keep] = from;
        newTo[keep] = to;
        skippedFrom = newFrom;
        skippedTo = newTo;
    }

    /** True when {@code seq} (below nextSeq) was never processed: a gap skipped it. */
    boolean wasSkipped(long seq) {
        if (seq < firstSeq) {
            return true;
        }
        if (skippedFrom.length == 0) {
            return false;
        }
        if (skippedFrom.length == REMEMBERED_GAPS && seq < skippedFrom[0]) {
            return true; // older than what we remember: treat as late rather than guess duplicate
        }
        for (int i = 0; i < skippedFrom.length; i++) {
            if (seq >= skippedFrom[i] && seq <= skippedTo[i]) {
                return true;
            }
        }
        return false;
    }
}
