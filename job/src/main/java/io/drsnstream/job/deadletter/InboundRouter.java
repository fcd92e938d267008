package io.drsnstream.job.deadletter;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Splits what a source read into the decoded values (main output) and the records the job
 * refused ({@link RejectedRecord#SIDE_OUTPUT}), counting both. Placed right after a source, and
 * for the broadcast inputs before the broadcast, so that a refused record is a single dead
 * letter, not one per subtask.
 *
 * @param <T> what a good record decodes to
 */
public final class InboundRouter<T> extends ProcessFunction<Inbound<T>, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    private final TypeInformation<T> valueType;
    private final String acceptedMetric;
    private final String rejectedMetric;

    private transient Counter accepted;
    private transient Counter rejected;

    /**
     * @param valueType the type of the decoded values
     * @param acceptedMetric the name of the counter of decoded values
     * @param rejectedMetric the name of the counter of refused records
     */
    public InboundRouter(Class<T> valueType, String acceptedMetric, String rejectedMetric) {
        this.valueType = TypeInformation.of(valueType);
        this.acceptedMetric = acceptedMetric;
        this.rejectedMetric = rejectedMetric;
    }

    @Override
    public void open(OpenContext openContext) {
        accepted = getRuntimeContext().getMetricGroup().counter(acceptedMetric);
        rejected = getRuntimeContext().getMetricGroup().counter(rejectedMetric);
    }

    @Override
    public void processElement(Inbound<T> record, Context ctx, Collector<T> out) {
        if (record.isRejected()) {
            rejected.inc();
            ctx.output(RejectedRecord.SIDE_OUTPUT, record.rejected);
        } else {
            accepted.inc();
            out.collect(record.value);
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return valueType;
    }
}
