package io.drsnstream.job;

import io.drsnstream.job.alert.AlertConfigDeserializationSchema;
import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.alert.AlertEvent;
import io.drsnstream.job.alert.AlertOperator;
import io.drsnstream.job.alert.SensorAlertSerializationSchema;
import io.drsnstream.job.chunk.ChunkDeserializationSchema;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.chunk.ChunkValidator;
import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.deadletter.DeadLetterCounter;
import io.drsnstream.job.deadletter.DeadLetterSerializationSchema;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.InboundRouter;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.modelcontrol.ModelControlDeserializationSchema;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.modelcontrol.ModelStatusEvent;
import io.drsnstream.job.modelcontrol.ModelStatusSerializationSchema;
import io.drsnstream.job.scoring.BatchScoringOperator;
import io.drsnstream.job.scoring.ScoredWindowSerializationSchema;
import io.drsnstream.job.scoring.ScoringResult;
import io.drsnstream.job.window.SampleWindow;
import io.drsnstream.job.window.WindowAssembler;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drsn-stream scoring job: Kafka sensor chunks, per-sensor windows of contiguous samples,
 * batched DRSN scoring, Kafka scores, per-sensor alerts from the scores; every bad record to the
 * dead-letter topic.
 *
 * <pre>
 *   sensor-chunks -> route dead letters -> assemble windows (keyed by sensorId) -> score -> sensor-scores
 *                          |                          |            model-control -> (broadcast) ^ |\-> alerts (keyed) -> sensor-alerts
 *                          |                          |                                         | |\-> sensor-scores-shadow
 *                          |                          |                                         |  \-> model-status
 *                          \__________________________\____ dead letters ______________________\___> sensor-dead-letters
 * </pre>
 */
public final class ScoringJob {

    private static final Logger LOG = LoggerFactory.getLogger(ScoringJob.class);

    private ScoringJob() {}

    public static void main(String[] args) throws Exception {
        JobPlan plan = JobPlan.resolve(ScoringJobConfig.fromArgs(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, plan.config());
        build(env, plan);
        env.execute("drsn-stream scoring (" + plan.model().version() + ")");
    }

    /** Adds the whole pipeline, Kafka sources and sinks included, to {@code env}. */
    public static void build(StreamExecutionEnvironment env, JobPlan plan) {
        sinkAll(buildStreams(fromKafka(env, plan), plan), plan.config());
    }

    /**
     * What the pipeline reads, each record decoded or refused: the chunks, with event time and
     * watermarks, and the alert-config updates and model commands, which never hold event time
     * back.
     */
    public record ScoringInputs(
            DataStream<Inbound<ChunkRecord>> chunks,
            DataStream<Inbound<AlertConfigUpdate>> alertConfig,
            DataStream<Inbound<ModelControlRecord>> modelControl) {}

    /**
     * The scores, alerts and dead letters of the pipeline, the shadow model's scores and the
     * model commands' outcomes, before their sinks.
     */
    public record ScoringStreams(
            DataStream<ScoringResult> scores,
            DataStream<AlertEvent> alerts,
            DataStream<RejectedRecord> deadLetters,
            DataStream<ScoringResult> shadowScores,
            DataStream<ModelStatusEvent> modelStatus) {}

    /**
     * The topology: validation, window assembly, scoring and alerts on {@code inputs}, whose
     * chunks carry event times and watermarks (the Kafka sources in the job; any stream in a
     * test). The sinks are added separately.
     */
    public static ScoringStreams buildStreams(ScoringInputs inputs, JobPlan plan) {
        SingleOutputStreamOperator<ChunkRecord> chunks =
                inputs.chunks()
                        .process(
                                new InboundRouter<>(
                                        ChunkRecord.class, "chunksIn", "recordsRejectedAtSource"))
                        .uid("route-dead-letters")
                        .name("Route undecodable and invalid chunks");
        SingleOutputStreamOperator<SampleWindow> windows = assembleWindows(chunks, plan);
        SingleOutputStreamOperator<ModelControlRecord> modelCommands =
                inputs.modelControl()
                        .process(
                                new InboundRouter<>(
                                        ModelControlRecord.class,
                                        "modelCommandsRead",
                                        "modelCommandsRejected"))
                        .uid("route-model-control")
                        .name("Route model commands")
                        .setParallelism(1);
        SingleOutputStreamOperator<ScoringResult> scores = score(windows, modelCommands, plan);
        SingleOutputStreamOperator<AlertConfigUpdate> alertConfig =
                inputs.alertConfig()
                        .process(
                                new InboundRouter<>(
                                        AlertConfigUpdate.class,
                                        "alertOverridesRead",
                                        "alertOverridesRejected"))
                        .uid("route-alert-config")
                        .name("Route alert overrides");
        DataStream<AlertEvent> alerts = alerts(scores, alertConfig, plan);

        DataStream<RejectedRecord> deadLetters =
                chunks.getSideOutput(RejectedRecord.SIDE_OUTPUT)
                        .union(
                                windows.getSideOutput(RejectedRecord.SIDE_OUTPUT),
                                alertConfig.getSideOutput(RejectedRecord.SIDE_OUTPUT),
                                modelCommands.getSideOutput(RejectedRecord.SIDE_OUTPUT));
        return new ScoringStreams(
                scores,
                alerts,
                deadLetters,
                scores.getSideOutput(BatchScoringOperator.SHADOW_SCORES),
                scores.getSideOutput(ModelStatusEvent.SIDE_OUTPUT));
    }

    private static SingleOutputStreamOperator<SampleWindow> assembleWindows(
            DataStream<ChunkRecord> chunks, JobPlan plan) {
        ScoringJobConfig config = plan.config();
        int windowLength = plan.model().windowLength();
        return chunks.keyBy(chunk -> chunk.sensorId)
                .process(
                        new WindowAssembler(
                                windowLength,
                                config.hopFor(windowLength),
                                plan.model().sampleRateHz(),
                                config.allowedLateness.toMillis(),
                                config.maxPendingChunks,
                                config.idleTimeout.toMillis()))
                .uid("assemble-windows")
                .name("Assemble windows of " + windowLength + " samples");
    }

    private static SingleOutputStreamOperator<ScoringResult> score(
            DataStream<SampleWindow> windows,
            DataStream<ModelControlRecord> modelCommands,
            JobPlan plan) {
        ScoringJobConfig config = plan.config();
        return windows.connect(modelCommands.broadcast())
                .transform(
                        "Score (from " + plan.model().version() + ", model-control)",
                        TypeInformation.of(ScoringResult.class),
                        new BatchScoringOperator(
                                config.modelDir,
                                config.batchSize,
                                config.batchTimeout.toMillis(),
                                plan.threshold().value(),
                                config.scoringDevice,
                                config.scoringThreads))
                .uid("score-windows");
    }

    private static DataStream<AlertEvent> alerts(
            DataStream<ScoringResult> scores,
            DataStream<AlertConfigUpdate> alertConfig,
            JobPlan plan) {
        boolean byMachine = plan.config().alertKeyBy == ScoringJobOptions.AlertKey.MACHINE;
        AlertPolicy policy = plan.alertPolicy();
        return scores.keyBy(byMachine ? ScoringJob::machineOf : ScoringJob::sensorOf)
                .connect(alertConfig.broadcast(AlertOperator.ALERT_OVERRIDES))
                .process(new AlertOperator(policy, byMachine))
                .uid("track-sensor-health")
                .name(
                        "Alerts: "
                                + policy.raiseWindows()
                                + " of "
                                + policy.windowCount()
                                + " windows per "
                                + (byMachine ? "machine" : "sensor"));
    }

    private static String sensorOf(ScoringResult score) {
        return score.sensorId;
    }

    private static String machineOf(ScoringResult score) {
        return score.machineId;
    }

    /** The three input topics from Kafka. */
    public static ScoringInputs fromKafka(StreamExecutionEnvironment env, JobPlan plan) {
        ScoringJobConfig config = plan.config();
        LOG.info(
                "Kafka client properties of the job's sources and sinks{}: {}",
                config.kafkaConfigFile == null
                        ? ""
                        : " (from " + config.kafkaConfigFile + " and the kafka.* arguments)",
                config.redactedKafkaClientProperties());
        DataStream<Inbound<ChunkRecord>> chunks =
                env.fromSource(
                                kafkaSource(
                                        config,
                                        config.chunksTopic,
                                        config.groupId,
                                        startingOffsets(config),
                                        new ChunkDeserializationSchema(
                                                new ChunkValidator(
                                                        plan.model().sampleRateHz(),
                                                        config.chunkMaxSamples))),
                                watermarks(config),
                                "Kafka: " + config.chunksTopic)
                        .uid("chunk-source");
        // The alert-config topic is compacted: from its start, the latest override per key.
        DataStream<Inbound<AlertConfigUpdate>> alertConfig =
                controlSource(
                        env,
                        config,
                        config.alertConfigTopic,
                        "-alert-config",
                        new AlertConfigDeserializationSchema(plan.alertPolicy()),
                        "alert-config-source");
        // From the start on a fresh start, so that a new job applies the commands of the one
        // before it (a command for the model already active changes nothing), else from the
        // checkpoint's offsets; one reader, so the commands stay in the order they were written.
        DataStream<Inbound<ModelControlRecord>> modelControl =
                controlSource(
                                env,
                                config,
                                config.modelControlTopic,
                                "-model-control",
                                new ModelControlDeserializationSchema(),
                                "model-control-source")
                        .setParallelism(1);
        return new ScoringInputs(chunks, alertConfig, modelControl);
    }

    /**
     * A control topic (alert config, model control) from its start, read committed; the source
     * is idle for good (see {@link ControlSourceWatermarks}), so that it neither holds the
     * chunks' watermark back nor moves it.
     */
    private static <T> SingleOutputStreamOperator<Inbound<T>> controlSource(
            StreamExecutionEnvironment env,
            ScoringJobConfig config,
            String topic,
            String groupIdSuffix,
            KafkaRecordDeserializationSchema<Inbound<T>> deserializer,
            String uid) {
        return env.fromSource(
                        kafkaSource(
                                config,
                                topic,
                                config.groupId + groupIdSuffix,
                                OffsetsInitializer.earliest(),
                                deserializer),
                        ControlSourceWatermarks.<Inbound<T>>alwaysIdle(),
                        "Kafka: " + topic)
                .uid(uid);
    }

    private static <T> KafkaSource<T> kafkaSource(
            ScoringJobConfig config,
            String topic,
            String groupId,
            OffsetsInitializer startingOffsets,
            KafkaRecordDeserializationSchema<T> deserializer) {
        Properties properties = config.kafkaClientProperties();
        // Inputs may come from transactional producers: never read an aborted record.
        properties.putIfAbsent("isolation.level", "read_committed");
        return KafkaSource.<T>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(startingOffsets)
                .setDeserializer(deserializer)
                .setProperties(properties)
                .build();
    }

    private static OffsetsInitializer startingOffsets(ScoringJobConfig config) {
        switch (config.startingOffsets) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    /** Event time of the chunks (a chunk's first sample), with bounded out-of-orderness. */
    public static WatermarkStrategy<Inbound<ChunkRecord>> watermarks(ScoringJobConfig config) {
        return WatermarkStrategy.<Inbound<ChunkRecord>>forBoundedOutOfOrderness(
                        config.outOfOrderness)
                // Dead letters carry no event time: Long.MIN_VALUE never advances the watermark.
                .withTimestampAssigner(
                        (record, kafkaTimestamp) ->
                                record.isRejected() ? Long.MIN_VALUE : record.value.startMillis())
                .withIdleness(config.idleness);
    }

    /** Every stream of the pipeline to its topic. */
    public static void sinkAll(ScoringStreams streams, ScoringJobConfig config) {
        toKafka(
                streams.scores(),
                config.scoresTopic,
                new ScoredWindowSerializationSchema(config.scoresTopic),
                "scores",
                "scores-sink",
                config);
        toKafka(
                streams.alerts(),
                config.alertsTopic,
                new SensorAlertSerializationSchema(config.alertsTopic),
                "alerts",
                "alerts-sink",
                config);
        toKafka(
                streams.deadLetters()
                        .map(new DeadLetterCounter())
                        .uid("count-dead-letters")
                        .name("Count dead letters by reason"),
                config.deadLettersTopic,
                new DeadLetterSerializationSchema(
                        config.deadLettersTopic, config.deadLetterMaxPayloadBytes),
                "dead-letters",
                "dead-letter-sink",
                config);
        toKafka(
                streams.shadowScores(),
                config.shadowScoresTopic,
                new ScoredWindowSerializationSchema(config.shadowScoresTopic),
                "shadow-scores",
                "shadow-scores-sink",
                config);
        toKafka(
                streams.modelStatus(),
                config.modelStatusTopic,
                new ModelStatusSerializationSchema(config.modelStatusTopic),
                "model-status",
                "model-status-sink",
                config);
    }

    /**
     * {@code stream} to {@code topic} with the job's delivery guarantee; exactly once through
     * transactions whose ids start with the job's prefix and {@code name}.
     */
    private static <T> void toKafka(
            DataStream<T> stream,
            String topic,
            KafkaRecordSerializationSchema<T> serializer,
            String name,
            String uid,
            ScoringJobConfig config) {
        var builder =
                KafkaSink.<T>builder()
                        .setBootstrapServers(config.bootstrapServers)
                        .setKafkaProducerConfig(config.kafkaClientProperties())
                        .setRecordSerializer(serializer)
                        .setDeliveryGuarantee(config.deliveryGuarantee);
        if (config.deliveryGuarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(config.transactionalIdPrefix + "-" + name)
                    .setProperty(
                            "transaction.timeout.ms",
                            Long.toString(config.transactionTimeout.toMillis()));
        }
        stream.sinkTo(builder.build()).uid(uid).name("Kafka: " + topic);
    }
}
