package io.drsnstream.bench.alerts;

import java.util.List;

/**
 * False alerts of one policy on sensors that stay healthy.
 *
 * @param sensors healthy sensors
 * @param sensorHours their sensor time together, in hours
 * @param falseAlerts RAISED on them (every one is false)
 * @param perSensorHour false alerts per sensor-hour
 * @param sensorsWithFalseAlert how many sensors raised at least one
 * @param openShare share of the sensor time with a (false) alert open
 */
public record FalseAlertFigures(
        int sensors,
        double sensorHours,
        int falseAlerts,
        double perSensorHour,
        int sensorsWithFalseAlert,
        double openShare) {

    /** From the outcomes of the healthy sensors and the sensor time they covered. */
    public static FalseAlertFigures of(List<PolicyRun.Outcome> outcomes, double sensorSeconds) {
        int alerts = 0;
        int withAlert = 0;
        double open = 0;
        for (PolicyRun.Outcome outcome : outcomes) {
            int raised = outcome.raisedBeforeOnset() + outcome.raisedAfterOnset();
            alerts += raised;
            withAlert += raised > 0 ? 1 : 0;
            open += outcome.openSeconds();
        }
        double hours = sensorSeconds / 3600;
        return new FalseAlertFigures(
                outcomes.size(),
                hours,
                alerts,
                hours == 0 ? 0 : alerts / hours,
                withAlert,
                sensorSeconds == 0 ? 0 : open / sensorSeconds);
    }
}
