package io.drsnstream.job.deadletter;

import io.drsnstream.schemas.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Counts dead letters by reason (metric group {@code deadLetters.<REASON>}) on their way to the sink. */
public final class DeadLetterCounter extends RichMapFunction<RejectedRecord, RejectedRecord> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterCounter.class);

    private transient Map<DeadLetterReason, Counter> deadLettersByReason;

    @Override
    public void open(OpenContext openContext) {
        deadLettersByReason = new EnumMap<>(DeadLetterReason.class);
        var group = getRuntimeContext().getMetricGroup().addGroup("deadLetters");
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            deadLettersByReason.put(reason, group.counter(reason.name()));
        }
    }

    @Override
    public RejectedRecord map(RejectedRecord event) {
        deadLettersByReason.get(event.reason()).inc();
        LOG.debug("Dead letter {}", event);
        return event;
    }
}
