package io.drsnstream.job.deadletter;

import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link RejectedRecord} as a {@code DeadLetter} (single-object Avro), with the source
 * record's key, its payload cut to {@code maxPayloadBytes}: a dead letter the producer or the
 * topic refused would fail the job at every replay of the record.
 */
public final class DeadLetterSerializationSchema
        implements KafkaRecordSerializationSchema<RejectedRecord> {

    private static final long serialVersionUID = 2L;

    private final String topic;
    private final int maxPayloadBytes;
    private transient SingleObjectCodec<DeadLetter> codec;

    public DeadLetterSerializationSchema(String topic, int maxPayloadBytes) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxPayloadBytes must be positive, was " + maxPayloadBytes);
        }
        this.topic = topic;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = SingleObjectCodec.deadLetters();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            RejectedRecord event, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = SingleObjectCodec.deadLetters();
        }
        return new ProducerRecord<>(
                topic, null, null, event.source.key, codec.encode(event.toAvro(maxPayloadBytes)));
    }
}
