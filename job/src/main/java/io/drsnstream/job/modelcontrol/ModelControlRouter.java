package io.drsnstream.job.modelcontrol;

import io.drsnstream.job.deadletter.RejectedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits the model-control topic into the commands the scoring operator applies (main output)
 * and the records the job refused (the dead letters), before the commands are broadcast: a
 * refused record is then a single dead letter, not one per scoring subtask.
 */
public final class ModelControlRouter
        extends ProcessFunction<ModelControlRecord, ModelControlRecord> {

    private static final long serialVersionUID = 1L;

    private transient Counter commandsRead;
    private transient Counter commandsRejected;

    @Override
    public void open(OpenContext openContext) {
        commandsRead = getRuntimeContext().getMetricGroup().counter("modelCommandsRead");
        commandsRejected = getRuntimeContext().getMetricGroup().counter("modelCommandsRejected");
    }

    @Override
    public void processElement(
            ModelControlRecord record, Context ctx, Collector<ModelControlRecord> out) {
        if (record.rejected != null) {
            commandsRejected.inc();
            ctx.output(RejectedRecord.SIDE_OUTPUT, record.rejected);
        } else {
            commandsRead.inc();
            out.collect(record);
        }
    }
}
