package io.drsnstream.job.alert;

import io.drsnstream.job.datatypes.AlertConfigUpdate;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks of the alert-config source: always the end of time. The alert operator takes the
 * lower of its two inputs' watermarks; configuration has no event time, and a config topic that
 * stays quiet (the usual case) must not stop the alerts' silence timers.
 */
public final class AlertConfigWatermarks {

    private AlertConfigWatermarks() {}

    public static WatermarkStrategy<AlertConfigUpdate> endOfTime() {
        return WatermarkStrategy.forGenerator(
                context ->
                        new WatermarkGenerator<>() {
                            @Override
                            public void onEvent(
                                    AlertConfigUpdate update,
                                    long timestamp,
                                    WatermarkOutput output) {}

                            @Override
                            public void onPeriodicEmit(WatermarkOutput output) {
                                output.emitWatermark(new Watermark(Long.MAX_VALUE));
                            }
                        });
    }
}
