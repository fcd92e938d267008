package io.drsnstream.job.alert;

import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.schemas.OverrideScope;
import io.drsnstream.schemas.Topics;

/** Which policy judges a key's windows: its own override, else its machine's, else the defaults. */
public final class AlertOverrides {

    private AlertOverrides() {}

    /** The defaults with an override's counts and threshold in place of theirs. */
    public static AlertPolicy apply(AlertPolicy defaults, AlertOverride override) {
        return new AlertPolicy(
                override.raiseWindows,
                override.windowCount,
                override.clearWindows,
                override.anomalyThreshold != null
                        ? override.anomalyThreshold
                        : defaults.anomalyThreshold(),
                defaults.scoreStep(),
                defaults.minAlertDuration(),
                defaults.minUpdateInterval(),
                defaults.noDataTimeout());
    }

    /** The keys to look up for a window, most specific first. */
    public static String sensorKey(String sensorId) {
        return Topics.alertConfigKey(OverrideScope.SENSOR, sensorId);
    }

    public static String machineKey(String machineId) {
        return Topics.alertConfigKey(OverrideScope.MACHINE, machineId);
    }
}
