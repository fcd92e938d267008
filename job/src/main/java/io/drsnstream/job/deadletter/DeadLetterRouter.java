package io.drsnstream.job.deadletter;

import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.chunk.InboundRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Splits what the source read into good chunks (main output) and dead letters (side output). */
public final class DeadLetterRouter extends ProcessFunction<InboundRecord, ChunkRecord> {

    private static final long serialVersionUID = 1L;

    private transient Counter chunksIn;
    private transient Counter recordsRejected;

    @Override
    public void open(OpenContext openContext) {
        chunksIn = getRuntimeContext().getMetricGroup().counter("chunksIn");
        recordsRejected = getRuntimeContext().getMetricGroup().counter("recordsRejectedAtSource");
    }

    @Override
    public void processElement(InboundRecord record, Context ctx, Collector<ChunkRecord> out) {
        if (record.isChunk()) {
            chunksIn.inc();
            out.collect(record.chunk);
        } else {
            recordsRejected.inc();
            ctx.output(RejectedRecord.SIDE_OUTPUT, record.deadLetter);
        }
    }
}
