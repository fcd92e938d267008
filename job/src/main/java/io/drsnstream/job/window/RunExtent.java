package io.drsnstream.job.window;

/**
 * How far one run of a sensor reaches, as known from the chunks accepted for it so far (waiting
 * or assembled): its earliest start, its highest seq and the end of its latest sample. A run is
 * the stream of a sensor between two restarts (a reboot that starts its seq again); within a run
 * seq and time rise together, which is what tells {@link WindowAssembler} that a chunk cannot
 * belong to it. A Flink POJO kept in keyed state.
 */
public class RunExtent {

    /** The earliest start of a chunk accepted for the run; {@code Long.MIN_VALUE} if unknown. */
    public long firstStartMicros;

    public long maxSeq;

    /** The end of the run's latest sample: its start plus its duration. */
    public long endMicros;

    public RunExtent() {}

    static RunExtent of(long seq, long startMicros, long endMicros) {
        RunExtent extent = new RunExtent();
        extent.firstStartMicros = startMicros;
        extent.maxSeq = seq;
        extent.endMicros = endMicros;
        return extent;
    }

    /**
     * An extent rebuilt from the state of an earlier release, which did not keep one: its start is
     * unknown, so no chunk is taken for one of an earlier run because it starts too early.
     */
    static RunExtent unknownStart() {
        RunExtent extent = new RunExtent();
        extent.firstStartMicros = Long.MIN_VALUE;
        extent.maxSeq = Long.MIN_VALUE;
        extent.endMicros = Long.MIN_VALUE;
        return extent;
    }

    void include(long seq, long startMicros, long endMicros) {
        firstStartMicros = Math.min(firstStartMicros, startMicros);
        maxSeq = Math.max(maxSeq, seq);
        this.endMicros = Math.max(this.endMicros, endMicros);
    }
}
