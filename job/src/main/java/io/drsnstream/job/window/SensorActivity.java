package io.drsnstream.job.window;

/**
 * When a sensor was last heard of and when {@link WindowAssembler} frees its state if it stays
 * silent, and which run of the subtask counts the sensor in the {@code sensorsTracked} gauge. A
 * Flink POJO kept in keyed state; it exists exactly while the sensor has state, and while it
 * exists an event-time timer is registered at {@link #idleTimerMillis}.
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
     * The id the counting subtask drew when it opened; a sensor restored by another run of the
     * subtask (after a failure, or at another parallelism) is counted again when it next sends.
     */
    public long countedBy;

    public SensorActivity() {}
}
