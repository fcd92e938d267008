package io.drsnstream.job.modelcontrol;

import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a {@link ModelStatusEvent} as a {@code ModelStatus} (single-object Avro), keyed by commandId. */
public final class ModelStatusSerializationSchema
        implements KafkaRecordSerializationSchema<ModelStatusEvent> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectCodec<ModelStatus> codec;

    public ModelStatusSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = SingleObjectCodec.modelStatuses();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ModelStatusEvent event, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = SingleObjectCodec.modelStatuses();
        }
        return new ProducerRecord<>(
                topic,
                null,
                null,
                event.commandId.getBytes(StandardCharsets.UTF_8),
                codec.encode(toAvro(event)));
    }

    public static ModelStatus toAvro(ModelStatusEvent event) {
        return ModelStatus.newBuilder()
                .setCommandId(event.commandId)
                .setSubtask(event.subtask)
                .setOutcome(event.outcome)
                .setVersion(event.version)
                .setReason(event.reason)
                .setAt(Instant.ofEpochMilli(event.atMillis))
                .build();
    }
}
