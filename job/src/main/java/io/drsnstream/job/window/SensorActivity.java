package io.drsnstream.job.window;

/**
 * When a sensor was last heard of and when {@link WindowAssembler} frees its state if it stays
 * silent, and which run of the subtask counts the sensor in the {@code sensorsTracked} gauge. A
 * Flink POJO kept in keyed state; it exists exactly while the sensor has state. While it exists
 * either an event-time timer is registered at {@link #idleTimerMillis}, or, once event time says
 * the sensor is silent but the wall clock does not yet, a processing-time timer at {@link
 * #freeAtProcessingMillis}.
 */
public class SensorActivity {

    /**
     * Event time of the latest activity: the later of the end of the latest accepted chunk and
     * the watermark when it arrived, in milliseconds.
     */
    public long lastActivityMillis;

    /**
     * True when the latest chunk came before the subtask saw any watermark (at start, or after a
     * restore): its activity then counts from the watermark at which the idle timer next fires, so
     * that a sensor whose clock lags the others is not freed by the first watermark. A later chunk
     * that comes with a watermark settles it.
     */
    public boolean trackedBeforeWatermark;

    /**
     * The registered idle timer. Chunks do not move it (that would cost a timer deletion and
     * registration per chunk): when it fires before {@code lastActivityMillis} plus the timeout,
     * it is registered again for then.
     */
    public long idleTimerMillis;

    /**
     * Processing time (wall clock) at which the latest chunk arrived. A sensor is freed only when
     * both clocks agree it is silent: event time can jump past a sensor whose partition merely
     * lagged (its reader idle while another partition moved the watermark on, e.g. after a broker
     * outage), and its next chunks, seconds later by the wall clock, must continue its window.
     */
    public long lastChunkProcessingMillis;

    /**
     * Processing time at which the state of a sensor that event time already finds silent is
     * freed, with a processing-time timer registered for it; 0 while event time does not find it
     * silent (and in state written before this field existed).
     */
    public long freeAtProcessingMillis;

    /**
     * The id the counting subtask drew when it opened; a sensor restored by another run of the
     * subtask (after a failure, or at another parallelism) is counted again when it next sends.
     */
    public long countedBy;

    public SensorActivity() {}
}
