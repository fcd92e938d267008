package io.drsnstream.job.model;

import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * A record on its way to the dead-letter topic. A Flink POJO; converted to the Avro
 * {@link DeadLetter} only in the sink.
 */
public class DeadLetterEvent {

    public SourceCoordinates source;
    /** Value bytes as received; for a decoded chunk rejected later, its single-object encoding. */
    public byte[] payload;
    /** Name of a {@link DeadLetterReason} symbol. */
    public String reason;
    public String detail;
    public String sensorId;
    public long routedAtMillis;

    public DeadLetterEvent() {}

    public static DeadLetterEvent of(SourceCoordinates source, byte[] payload, DeadLetterReason reason,
            String detail, String sensorId) {
        DeadLetterEvent event = new DeadLetterEvent();
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
                .setSourceTimestamp(source.timestamp < 0 ? null : Instant.ofEpochMilli(source.timestamp))
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
        return "DeadLetterEvent{" + reason + " " + source + ": " + detail + "}";
    }
}
