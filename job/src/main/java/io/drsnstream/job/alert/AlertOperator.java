package io.drsnstream.job.alert;

import io.drsnstream.job.datatypes.AlertEvent;
import io.drsnstream.job.datatypes.ScoringResult;
import io.drsnstream.schemas.AlertKind;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs {@link AlertRule} per key (a sensor, or a machine pooling its sensors) on Flink keyed
 * state, and ends the open alert of a key that goes silent with an event-time timer.
 *
 * <p>Silence is measured in event time: the timer fires when the watermark, which the other
 * sensors' chunks move on, passes the key's last window end plus the no-data timeout. A key
 * without an open alert that goes silent has its state freed the same way.
 */
public final class AlertOperator extends KeyedProcessFunction<String, ScoringResult, AlertEvent> {

    private static final long serialVersionUID = 1L;

    private final AlertRule rule;
    private final boolean poolMachineSensors;

    private transient ValueState<SensorHealth> sensorHealth;
    private transient Counter alertsRaised;
    private transient Counter alertsCleared;
    private transient Counter alertsEndedByNoData;

    /** Alerts this subtask opened and has not closed since it started (see the README). */
    private transient long activeAlerts;

    /**
     * @param poolMachineSensors true when the stream is keyed by machine: one alert per machine
     *     from the evidence of all its sensors
     */
    public AlertOperator(AlertPolicy policy, boolean poolMachineSensors) {
        this.rule = new AlertRule(policy);
        this.poolMachineSensors = poolMachineSensors;
    }

    @Override
    public void open(OpenContext openContext) {
        sensorHealth =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("sensor-health", SensorHealth.class));
        var metrics = getRuntimeContext().getMetricGroup();
        alertsRaised = metrics.counter("alertsRaised");
        alertsCleared = metrics.counter("alertsCleared");
        alertsEndedByNoData = metrics.counter("alertsEndedByNoData");
        metrics.gauge("activeAlerts", () -> activeAlerts);
    }

    @Override
    public void processElement(ScoringResult window, Context ctx, Collector<AlertEvent> out)
            throws Exception {
        SensorHealth health = sensorHealth.value();
        if (health == null) {
            health =
                    rule.newHealth(
                            ctx.getCurrentKey(),
                            window.machineId,
                            poolMachineSensors ? null : window.sensorId);
        }
        emit(rule.onWindow(health, window), out);
        if (health.silenceTimerMillis != 0) {
            ctx.timerService().deleteEventTimeTimer(health.silenceTimerMillis);
        }
        health.silenceTimerMillis =
                Math.floorDiv(health.lastWindowEndMicros, 1_000L)
                        + rule.policy().noDataTimeout().toMillis();
        ctx.timerService().registerEventTimeTimer(health.silenceTimerMillis);
        sensorHealth.update(health);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        SensorHealth health = sensorHealth.value();
        if (health == null || timestamp != health.silenceTimerMillis) {
            return;
        }
        emit(rule.onSilence(health, timestamp * 1_000L), out);
        sensorHealth.clear();
    }

    private void emit(AlertEvent event, Collector<AlertEvent> out) {
        if (event == null) {
            return;
        }
        switch (AlertKind.valueOf(event.kind)) {
            case RAISED -> {
                alertsRaised.inc();
                activeAlerts++;
            }
            case CLEARED -> {
                alertsCleared.inc();
                activeAlerts = Math.max(0, activeAlerts - 1);
            }
            case NO_DATA -> {
                alertsEndedByNoData.inc();
                activeAlerts = Math.max(0, activeAlerts - 1);
            }
            case UPDATED -> {}
        }
        out.collect(event);
    }
}
