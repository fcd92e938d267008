package io.drsnstream.job.scoring;

import io.drsnstream.schemas.ClassProbability;
import io.drsnstream.schemas.EpochMicros;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes a {@link ScoringResult} as a {@code ScoredWindow} (single-object Avro), keyed by sensorId. */
public final class ScoredWindowSerializationSchema
        implements KafkaRecordSerializationSchema<ScoringResult> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient SingleObjectCodec<ScoredWindow> codec;

    public ScoredWindowSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = SingleObjectCodec.scoredWindows();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            ScoringResult score, KafkaSinkContext context, Long timestamp) {
        if (codec == null) {
            codec = SingleObjectCodec.scoredWindows();
        }
        return new ProducerRecord<>(
                topic,
                null,
                null,
                score.sensorId.getBytes(StandardCharsets.UTF_8),
                codec.encode(toAvro(score)));
    }

    public static ScoredWindow toAvro(ScoringResult score) {
        List<ClassProbability> probabilities = new ArrayList<>(score.probabilities.length);
        for (int i = 0; i < score.probabilities.length; i++) {
            probabilities.add(new ClassProbability(score.classLabels[i], score.probabilities[i]));
        }
        return ScoredWindow.newBuilder()
                .setMachineId(score.machineId)
                .setSensorId(score.sensorId)
                .setWindowStart(EpochMicros.toInstant(score.startMicros))
                .setWindowEnd(EpochMicros.toInstant(score.endMicros))
                .setFirstSeq(score.firstSeq)
                .setLastSeq(score.lastSeq)
                .setSampleCount(score.sampleCount)
                .setLabel(score.label)
                .setConfidence(score.confidence)
                .setProbabilities(probabilities)
                .setAnomalyScore(score.anomalyScore)
                .setAnomaly(score.anomaly)
                .setShrinkage(score.shrinkage)
                .setModelVersion(score.modelVersion)
                .setScoredAt(Instant.ofEpochMilli(score.scoredAtMillis))
                .setNoiseLevel(score.noiseLevel)
                .build();
    }
}
