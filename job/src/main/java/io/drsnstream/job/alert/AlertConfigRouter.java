package io.drsnstream.job.alert;

import io.drsnstream.job.deadletter.RejectedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits the alert-config topic into the updates the alert operator applies (main output) and
 * the records it refused (the job's dead letters), before the updates are broadcast: a refused
 * record is then a single dead letter, not one per subtask.
 */
public final class AlertConfigRouter extends ProcessFunction<AlertConfigUpdate, AlertConfigUpdate> {

    private static final long serialVersionUID = 1L;

    private transient Counter overridesRead;
    private transient Counter overridesRejected;

    @Override
    public void open(OpenContext openContext) {
        overridesRead = getRuntimeContext().getMetricGroup().counter("alertOverridesRead");
        overridesRejected = getRuntimeContext().getMetricGroup().counter("alertOverridesRejected");
    }

    @Override
    public void processElement(
            AlertConfigUpdate update, Context ctx, Collector<AlertConfigUpdate> out) {
        if (update.rejected != null) {
            overridesRejected.inc();
            ctx.output(RejectedRecord.SIDE_OUTPUT, update.rejected);
        } else {
            overridesRead.inc();
            out.collect(update);
        }
    }
}
