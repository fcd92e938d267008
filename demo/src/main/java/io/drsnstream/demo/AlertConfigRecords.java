package io.drsnstream.demo;

import io.drsnstream.job.alert.AlertConfigDeserializationSchema;
import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.alert.AlertOverride;
import io.drsnstream.job.alert.AlertOverrides;
import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.config.AnomalyThreshold;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.deadletter.Inbound;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records of the alert-config topic as the job reads them: the job's own deserialization schema
 * and checks, so that the tools accept, show and refuse exactly what the job does.
 */
final class AlertConfigRecords {

    /**
     * Stands in for the job's default policy, which the tools cannot know: an override takes only
     * the threshold (when it has none), the score step and the durations from it, and the job's
     * threshold in force is always valid, so these defaults refuse exactly what the job refuses.
     */
    private static final AlertPolicy JOB_DEFAULTS =
            new AlertPolicy(
                    ScoringJobOptions.ALERT_RAISE_WINDOWS.defaultValue(),
                    ScoringJobOptions.ALERT_WINDOW_COUNT.defaultValue(),
                    ScoringJobOptions.ALERT_CLEAR_WINDOWS.defaultValue(),
                    AnomalyThreshold.FALLBACK,
                    ScoringJobOptions.ALERT_SCORE_STEP.defaultValue(),
                    ScoringJobOptions.ALERT_MIN_DURATION.defaultValue(),
                    ScoringJobOptions.ALERT_MIN_UPDATE_INTERVAL.defaultValue(),
                    ScoringJobOptions.ALERT_NO_DATA_TIMEOUT.defaultValue());

    private final AlertConfigDeserializationSchema schema =
            new AlertConfigDeserializationSchema(JOB_DEFAULTS);

    /** An override, a removal (tombstone) or a rejection with its reason, as the job sees it. */
    Inbound<AlertConfigUpdate> read(ConsumerRecord<byte[], byte[]> record) {
        List<Inbound<AlertConfigUpdate>> updates = new ArrayList<>(1);
        schema.deserialize(record, new ListCollector<>(updates));
        if (updates.size() != 1) {
            throw new IllegalStateException(
                    "the job's schema made " + updates.size() + " updates of one record");
        }
        return updates.get(0);
    }

    /**
     * Checks an override as the job does before it applies one.
     *
     * @throws IllegalArgumentException saying what the job would refuse
     */
    static void check(AlertOverride override) {
        AlertOverrides.apply(JOB_DEFAULTS, override);
    }

    /** {@code k=3 n=5 m=3 threshold=0.6}; {@code threshold=job} when the job's applies. */
    static String describe(AlertOverride override) {
        return "k="
                + override.raiseWindows
                + " n="
                + override.windowCount
                + " m="
                + override.clearWindows
                + " threshold="
                + (override.anomalyThreshold == null ? "job" : override.anomalyThreshold);
    }
}
