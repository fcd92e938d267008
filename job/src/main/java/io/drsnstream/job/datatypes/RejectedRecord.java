package io.drsnstream.job.datatypes;

import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/**
 * The job's record of an input it rejected, on its way to the dead-letter topic. A Flink POJO;
 * becomes the Avro contract {@link DeadLetter} only in the sink.
 */
public class RejectedRecord {

    /** The side output every operator of the job sends what it rejects to. */
    public static final OutputTag<RejectedRecord> SIDE_OUTPUT = new OutputTag<>("dead-letters") {};

    public SourceCoordinates source;

    /** Value bytes as received; for a decoded chunk rejected later, its single-object encoding. */
    public byte[] payload;

    /** Name of a {@link DeadLetterReason} symbol. */
    public String reason;

    public String detail;
    public String sensorId;
    public long routedAtMillis;

    public RejectedRecord() {}

    public static RejectedRecord of(
            SourceCoordinates source,
            byte[] payload,
            DeadLetterReason reason,
            String detail,
            String sensorId) {
        RejectedRecord event = new RejectedRecord();
        event.source = source;
        event.payload = payload;
        event.reason = reason.name();
        event.detail = detail;
        event.sensorId = sensorId;
        event.routedAtMillis = System.currentTimeMillis();
        return event;
    }

    public DeadLetterReason reason() {
        return DeadLetterReason.valueOf(reason);
    }

    public DeadLetter toAvro() {
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic)
                .setSourcePartition(source.partition)
                .setSourceOffset(source.offset)
                .setSourceTimestamp(
                        source.timestamp < 0 ? null : Instant.ofEpochMilli(source.timestamp))
                .setKey(source.key == null ? null : ByteBuffer.wrap(source.key))
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setReason(reason())
                .setDetail(detail)
                .setSensorId(sensorId)
                .setRoutedAt(Instant.ofEpochMilli(routedAtMillis))
                .build();
    }

    @Override
    public String toString() {
        return "RejectedRecord{" + reason + " " + source + ": " + detail + "}";
    }
}
