package io.drsnstream.job.sink;

import io.drsnstream.job.datatypes.RejectedRecord;
import io.drsnstream.schemas.DeadLetter;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a {@link RejectedRecord} as a {@code DeadLetter} (single-object Avro), with the source record's key. */
public final class DeadLetterSerializationSchema
        implements KafkaRecordSerializationSchema<RejectedRecord> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectCodec<DeadLetter> codec;

    public DeadLetterSerializationSchema(String topic) {
        this.topic = topic;
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
                topic, null, null, event.source.key, codec.encode(event.toAvro()));
    }
}
