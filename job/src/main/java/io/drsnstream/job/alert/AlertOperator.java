package io.drsnstream.job.alert;

import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.schemas.AlertKind;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs {@link AlertRule} per key (a sensor, or a machine pooling its sensors) on Flink keyed
 * state, with the policy of the key's override from the alert-config topic (broadcast state)
 * or the job's defaults, and ends the open alert of a key that goes silent with an event-time
 * timer.
 *
 * <p>Silence is measured in event time: the timer fires when the watermark, which the other
 * sensors' chunks move on, passes the key's last window end plus the no-data timeout. A key
 * without an open alert that goes silent has its state freed the same way.
 */
public final class AlertOperator
        extends KeyedBroadcastProcessFunction<
                String, ScoringResult, AlertConfigUpdate, AlertEvent> {

    private static final long serialVersionUID = 1L;

    /** Overrides by record key ({@code sensor:<id>}, {@code machine:<id>}), on every subtask. */
    public static final MapStateDescriptor<String, AlertOverride> ALERT_OVERRIDES =
            new MapStateDescriptor<>(
                    "alert-overrides", Types.STRING, TypeInformation.of(AlertOverride.class));

    private final AlertPolicy defaults;
    private final boolean poolMachineSensors;

    private transient ValueState<SensorHealth> sensorHealth;

    /** One rule per policy in use: few distinct overrides, so few rules. */
    private transient Map<AlertPolicy, AlertRule> rules;

    private transient Counter alertsRaised;
    private transient Counter alertsCleared;
    private transient Counter alertsEndedByNoData;

    /** Alerts this subtask opened and has not closed since it started (see the README). */
    private transient long activeAlerts;

    /**
     * @param defaults the policy of keys without an override
     * @param poolMachineSensors true when the stream is keyed by machine: one alert per machine
     *     from the evidence of all its sensors (sensor overrides then do not apply)
     */
    public AlertOperator(AlertPolicy defaults, boolean poolMachineSensors) {
        this.defaults = defaults;
        this.poolMachineSensors = poolMachineSensors;
    }

    @Override
    public void open(OpenContext openContext) {
        sensorHealth =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("sensor-health", SensorHealth.class));
        rules = new HashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        alertsRaised = metrics.counter("alertsRaised");
        alertsCleared = metrics.counter("alertsCleared");
        alertsEndedByNoData = metrics.counter("alertsEndedByNoData");
        metrics.gauge("activeAlerts", () -> activeAlerts);
    }

    @Override
    public void processElement(ScoringResult window, ReadOnlyContext ctx, Collector<AlertEvent> out)
            throws Exception {
        AlertRule rule = ruleFor(window, ctx.getBroadcastState(ALERT_OVERRIDES));
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
                        + defaults.noDataTimeout().toMillis();
        ctx.timerService().registerEventTimeTimer(health.silenceTimerMillis);
        sensorHealth.update(health);
    }

    @Override
    public void processBroadcastElement(
            AlertConfigUpdate update, Context ctx, Collector<AlertEvent> out) throws Exception {
        BroadcastState<String, AlertOverride> overrides = ctx.getBroadcastState(ALERT_OVERRIDES);
        if (update.removed) {
            overrides.remove(update.key);
        } else if (update.override != null) {
            overrides.put(update.key, update.override);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out)
            throws Exception {
        SensorHealth health = sensorHealth.value();
        if (health == null || timestamp != health.silenceTimerMillis) {
            return;
        }
        // Ending an alert needs no policy: any rule closes it the same way.
        emit(ruleFor(defaults).onSilence(health, timestamp * 1_000L), out);
        sensorHealth.clear();
    }

    private AlertRule ruleFor(
            ScoringResult window, ReadOnlyBroadcastState<String, AlertOverride> overrides)
            throws Exception {
        AlertOverride override =
                poolMachineSensors
                        ? null
                        : overrides.get(AlertOverrides.sensorKey(window.sensorId));
        if (override == null) {
            override = overrides.get(AlertOverrides.machineKey(window.machineId));
        }
        return ruleFor(override == null ? defaults : AlertOverrides.apply(defaults, override));
    }

    private AlertRule ruleFor(AlertPolicy policy) {
        return rules.computeIfAbsent(policy, AlertRule::new);
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
