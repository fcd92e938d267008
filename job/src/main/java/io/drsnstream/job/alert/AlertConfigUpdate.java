package io.drsnstream.job.alert;

import io.drsnstream.job.deadletter.RejectedRecord;

/**
 * One record of the alert-config topic as the job reads it: an override of the alert rule for a
 * sensor or a machine, its removal (a tombstone), or a record the job rejected. Exactly one of
 * {@link #override} (a new or changed override), {@link #removed} and {@link #rejected} holds.
 */
public class AlertConfigUpdate {

    /** The record key: {@code sensor:<id>} or {@code machine:<id>}. */
    public String key;

    public AlertOverride override;
    public boolean removed;
    public RejectedRecord rejected;

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

    public static AlertConfigUpdate reject(RejectedRecord rejected) {
        AlertConfigUpdate update = new AlertConfigUpdate();
        update.rejected = rejected;
        return update;
    }
}
