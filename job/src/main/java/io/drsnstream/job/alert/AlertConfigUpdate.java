package io.drsnstream.job.alert;

/**
 * One record of the alert-config topic as the job reads it: an override of the alert rule for a
 * sensor or a machine, or its removal (a tombstone): {@link #override} (a new or changed
 * override) or {@link #removed}. A record the job refuses is an {@code Inbound} dead letter
 * instead.
 */
public class AlertConfigUpdate {

    /** The record key: {@code sensor:<id>} or {@code machine:<id>}. */
    public String key;

    public AlertOverride override;
    public boolean removed;

    public AlertConfigUpdate() {}

    public static AlertConfigUpdate set(String key, AlertOverride override) {
        AlertConfigUpdate update = new AlertConfigUpdate();
        update.key = key;
        update.override = override;
        return update;
    }

    public static AlertConfigUpdate remove(String key) {
        AlertConfigUpdate update = new AlertConfigUpdate();
        update.key = key;
        update.removed = true;
        return update;
    }
}
