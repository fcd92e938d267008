package io.drsnstream.job.deadletter;

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

    /**
     * Value bytes as received, whole; for a decoded chunk rejected later, its single-object
     * encoding. Cut to the dead-letter cap only when written ({@link #toAvro(int)}).
     */
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

    /**
     * The Avro contract's record, its payload cut to {@code maxPayloadBytes} when longer (see
     * {@link DeadLetterPayload}); the length and SHA-256 of the whole payload are always recorded.
     */
    public DeadLetter toAvro(int maxPayloadBytes) {
        DeadLetterPayload kept = DeadLetterPayload.of(payload, maxPayloadBytes);
        return DeadLetter.newBuilder()
                .setSourceTopic(source.topic)
                .setSourcePartition(source.partition)
                .setSourceOffset(source.offset)
                .setSourceTimestamp(
                        source.timestamp < 0 ? null : Instant.ofEpochMilli(source.timestamp))
                .setKey(source.key == null ? null : ByteBuffer.wrap(source.key))
                .setPayload(kept == null ? null : kept.bytes())
                .setReason(reason())
                .setDetail(detail)
                .setSensorId(sensorId)
                .setRoutedAt(Instant.ofEpochMilli(routedAtMillis))
                .setPayloadTruncated(kept != null && kept.truncated())
                .setOriginalPayloadBytes(kept == null ? null : kept.originalBytes())
                .setPayloadSha256(kept == null ? null : kept.sha256())
                .build();
    }

    @Override
    public String toString() {
        return "RejectedRecord{" + reason + " " + source + ": " + detail + "}";
    }
}
