package io.drsnstream.job.modelcontrol;

import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the model-control topic: each record becomes a command or a rejection with its reason. A
 * DEPLOY or SHADOW without version, location or SHA-256 is refused here, once, as a dead letter;
 * whether the artifact itself is usable only the scoring subtasks can tell (they answer on
 * model-status).
 */
public final class ModelControlDeserializationSchema
        implements KafkaRecordDeserializationSchema<Inbound<ModelControlRecord>> {

    private static final long serialVersionUID = 1L;

    private transient SingleObjectCodec<ModelCommand> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = SingleObjectCodec.modelCommands();
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Inbound<ModelControlRecord>> out) {
        if (codec == null) {
            codec = SingleObjectCodec.modelCommands();
        }
        SourceCoordinates source = SourceCoordinates.of(record);
        ModelCommand command;
        try {
            command = codec.decode(record.value());
        } catch (PayloadDecodingException e) {
            out.collect(reject(source, record.value(), e.deadLetterReason(), e.getMessage()));
            return;
        }
        boolean loads =
                command.getKind() == ModelCommandKind.DEPLOY
                        || command.getKind() == ModelCommandKind.SHADOW;
        if (loads
                && (isBlank(command.getVersion())
                        || isBlank(command.getLocation())
                        || isBlank(command.getSha256()))) {
            out.collect(
                    reject(
                            source,
                            record.value(),
                            DeadLetterReason.INVALID_VALUES,
                            command.getKind()
                                    + " "
                                    + command.getCommandId()
                                    + " needs a version, a location and a sha256"));
            return;
        }
        out.collect(
                Inbound.of(
                        ModelControlRecord.command(
                                command.getCommandId(),
                                command.getKind(),
                                command.getVersion(),
                                command.getLocation(),
                                command.getSha256())));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static Inbound<ModelControlRecord> reject(
            SourceCoordinates source, byte[] payload, DeadLetterReason reason, String detail) {
        return Inbound.rejected(
                RejectedRecord.of(
                        source, payload == null ? new byte[0] : payload, reason, detail, null));
    }

    @Override
    public TypeInformation<Inbound<ModelControlRecord>> getProducedType() {
        return Inbound.typeOf(ModelControlRecord.class);
    }
}
