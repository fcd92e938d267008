package io.drsnstream.job.alert;

import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an {@link AlertEvent} as a {@code SensorAlert} (single-object Avro), keyed by sensorId
 * (machineId when alerts pool a machine's sensors), so that an alert's events stay in order on
 * one partition.
 */
public final class SensorAlertSerializationSchema
        implements KafkaRecordSerializationSchema<AlertEvent> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectCodec<SensorAlert> codec;

    public SensorAlertSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = SingleObjectCodec.sensorAlerts();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            AlertEvent alert, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = SingleObjectCodec.sensorAlerts();
        }
        // No record timestamp (the broker's append time, as for scores): an event time far in
        // the past, after a replay, would fall under the topic's retention at once.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                alert.key().getBytes(StandardCharsets.UTF_8),
                codec.encode(toAvro(alert)));
    }

    public static SensorAlert toAvro(AlertEvent alert) {
        return SensorAlert.newBuilder()
                .setAlertId(alert.alertId)
                .setMachineId(alert.machineId)
                .setSensorId(alert.sensorId)
                .setKind(AlertKind.valueOf(alert.kind))
                .setLabel(alert.label == null ? "" : alert.label)
                .setLabelShare(alert.labelShare)
                .setMeanAnomalyScore(alert.meanAnomalyScore)
                .setPeakAnomalyScore(alert.peakAnomalyScore)
                .setFirstWindowStart(EpochMicros.toInstant(alert.firstWindowStartMicros))
                .setLastWindowEnd(EpochMicros.toInstant(alert.lastWindowEndMicros))
                .setWindowsCounted(alert.windowsCounted)
                .setAnomalyThreshold(alert.anomalyThreshold)
                .setModelVersion(alert.modelVersion)
                .setEventTime(EpochMicros.toInstant(alert.eventTimeMicros))
                .setProcessedAt(Instant.ofEpochMilli(alert.processedAtMillis))
                .build();
    }
}
