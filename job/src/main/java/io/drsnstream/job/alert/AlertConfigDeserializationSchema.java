package io.drsnstream.job.alert;

import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.DeadLetterReason;
import io.drsnstream.schemas.Topics;
import io.drsnstream.schemas.codec.PayloadDecodingException;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the alert-config topic: each record becomes an override, a removal (a tombstone) or a
 * rejection with its reason, checked against the job's default policy so that an override the
 * rule could not run is refused here, once, and never reaches the alert operator.
 */
public final class AlertConfigDeserializationSchema
        implements KafkaRecordDeserializationSchema<Inbound<AlertConfigUpdate>> {

    private static final long serialVersionUID = 1L;

    private final AlertPolicy defaults;
    private transient SingleObjectCodec<AlertPolicyOverride> codec;

    public AlertConfigDeserializationSchema(AlertPolicy defaults) {
        this.defaults = defaults;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = SingleObjectCodec.alertPolicyOverrides();
    }

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<Inbound<AlertConfigUpdate>> out) {
        if (codec == null) {
            codec = SingleObjectCodec.alertPolicyOverrides();
        }
        SourceCoordinates source = SourceCoordinates.of(record);
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (key == null) {
            out.collect(
                    reject(
                            source,
                            record.value(),
                            DeadLetterReason.INVALID_VALUES,
                            "an alert override needs a key '<scope>:<id>'"));
            return;
        }
        if (record.value() == null) {
            out.collect(Inbound.of(AlertConfigUpdate.remove(key)));
            return;
        }
        AlertPolicyOverride override;
        try {
            override = codec.decode(record.value());
        } catch (PayloadDecodingException e) {
            out.collect(reject(source, record.value(), e.deadLetterReason(), e.getMessage()));
            return;
        }
        String expectedKey = Topics.alertConfigKey(override.getScope(), override.getId());
        if (!expectedKey.equals(key)) {
            out.collect(
                    reject(
                            source,
                            record.value(),
                            DeadLetterReason.INVALID_VALUES,
                            "record key '"
                                    + key
                                    + "' does not match the override's scope and id ('"
                                    + expectedKey
                                    + "')"));
            return;
        }
        AlertOverride parsed =
                new AlertOverride(
                        override.getRaiseWindows(),
                        override.getWindowCount(),
                        override.getClearWindows(),
                        override.getAnomalyThreshold());
        try {
            AlertOverrides.apply(defaults, parsed);
        } catch (IllegalArgumentException e) {
            out.collect(
                    reject(
                            source,
                            record.value(),
                            DeadLetterReason.INVALID_VALUES,
                            "alert override for " + key + ": " + e.getMessage()));
            return;
        }
        out.collect(Inbound.of(AlertConfigUpdate.set(key, parsed)));
    }

    private static Inbound<AlertConfigUpdate> reject(
            SourceCoordinates source, byte[] payload, DeadLetterReason reason, String detail) {
        return Inbound.rejected(
                RejectedRecord.of(
                        source, payload == null ? new byte[0] : payload, reason, detail, null));
    }

    @Override
    public TypeInformation<Inbound<AlertConfigUpdate>> getProducedType() {
        return Inbound.typeOf(AlertConfigUpdate.class);
    }
}
