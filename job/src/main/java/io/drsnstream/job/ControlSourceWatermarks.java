package io.drsnstream.job;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the control sources (alert config, model control): none, each is idle for good.
 * Control records have no event time; the alert operator takes the lower of its active inputs' watermarks, so an idle
 * config input neither holds the alerts' silence timers back (a config topic that stays quiet is
 * the usual case) nor moves them on.
 *
 * <p>Not a watermark at the end of time: whenever the chunks went idle (no chunk for {@code
 * idleness}, e.g. a job started before its sensors send), the operator's watermark would become
 * the config input's alone and jump to the end of time, firing every silence timer at once, and
 * could never advance again, so no NO_DATA would follow and silent sensors' state would never be
 * freed.
 */
public final class ControlSourceWatermarks {

    private ControlSourceWatermarks() {}

    /** For any control stream read next to the chunks (alert overrides, model commands). */
    public static <T> WatermarkStrategy<T> alwaysIdle() {
        return WatermarkStrategy.forGenerator(
                context ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(T update, long timestamp, WatermarkOutput output) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.markIdle();
                            }
                        });
    }
}
