package io.drsnstream.job.chunk;

import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import java.util.Optional;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record of the chunks topic into an {@link Inbound} chunk, and never throws:
 * bytes that do not decode, and chunks the {@link ChunkValidator} rejects, become dead letters
 * that keep the record's coordinates, key and bytes as received.
 */
public final class ChunkDeserializationSchema
        implements KafkaRecordDeserializationSchema<Inbound<ChunkRecord>> {

    private static final long serialVersionUID = 1L;

    private final ChunkValidator validator;
    private transient ChunkDecoder decoder;

    public ChunkDeserializationSchema(ChunkValidator validator) {
        this.validator = validator;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new ChunkDecoder();
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Inbound<ChunkRecord>> out) {
        if (decoder == null) {
            decoder = new ChunkDecoder();
        }
        SourceCoordinates source = SourceCoordinates.of(record);
        ChunkRecord decoded;
        try {
            decoded = decoder.decode(record.value(), source);
        } catch (PayloadDecodingException e) {
            DeadLetterReason reason = e.deadLetterReason();
            out.collect(
                    Inbound.rejected(
                            RejectedRecord.of(
                                    source, record.value(), reason, e.getMessage(), null)));
            return;
        }
        Optional<ChunkValidator.Rejection> rejection = validator.validate(decoded);
        if (rejection.isPresent()) {
            out.collect(
                    Inbound.rejected(
                            RejectedRecord.of(
                                    source,
                                    record.value(),
                                    rejection.get().reason(),
                                    rejection.get().detail(),
                                    decoded.sensorId)));
            return;
        }
        out.collect(Inbound.of(decoded));
    }

    @Override
    public TypeInformation<Inbound<ChunkRecord>> getProducedType() {
        return Inbound.typeOf(ChunkRecord.class);
    }
}
