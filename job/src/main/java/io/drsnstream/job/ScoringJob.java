package io.drsnstream.job;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.alert.AlertConfigDeserializationSchema;
import io.drsnstream.job.alert.AlertConfigRouter;
import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.alert.AlertConfigWatermarks;
import io.drsnstream.job.alert.AlertEvent;
import io.drsnstream.job.alert.AlertOperator;
import io.drsnstream.job.alert.SensorAlertSerializationSchema;
import io.drsnstream.job.chunk.ChunkDeserializationSchema;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.chunk.ChunkValidator;
import io.drsnstream.job.chunk.InboundRecord;
import io.drsnstream.job.config.AlertPolicy;
import io.drsnstream.job.config.AnomalyThreshold;
import io.drsnstream.job.config.InvalidConfigException;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.deadletter.DeadLetterCounter;
import io.drsnstream.job.deadletter.DeadLetterRouter;
import io.drsnstream.job.deadletter.DeadLetterSerializationSchema;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.job.modelcontrol.ModelControlDeserializationSchema;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.modelcontrol.ModelControlRouter;
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
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
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
        ScoringJobConfig config = ScoringJobConfig.fromArgs(args);
        ModelMetadata model = readModelMetadata(config);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configureEnvironment(env, config);
        build(env, config, model);
        env.execute("drsn-stream scoring (" + model.version() + ")");
    }

    /**
     * Verifies the model artifact at submission (metadata, files, the parameters' SHA-256), so
     * that a bad model directory stops the job there with its reason instead of failing every
     * task that loads it.
     */
    public static ModelMetadata readModelMetadata(ScoringJobConfig config) {
        try {
            return ModelArtifact.verify(config.modelPath());
        } catch (ModelArtifactException e) {
            throw new InvalidConfigException(
                    "Invalid setting model.dir=" + config.modelDir + ": " + e.getMessage());
        }
    }

    public static void configureEnvironment(
            StreamExecutionEnvironment env, ScoringJobConfig config) {
        Configuration pipeline = new Configuration();
        // Chained operators hand records over without a deep copy (a window is 8 KB of samples);
        // every operator of this job copes: none keeps or changes an input it was handed.
        pipeline.set(PipelineOptions.OBJECT_REUSE, true);
        // Every type on the hot path has a Flink serializer: fail at submission rather than fall
        // back to Kryo silently when a change breaks that.
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(pipeline);
        env.enableCheckpointing(
                config.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (env.getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .isEmpty()) {
            LOG.warn(
                    "No {} is configured: checkpoints are kept in JobManager memory, at most 5 MB per operator"
                            + " state, which the window assembler's state exceeds from a few hundred sensors per subtask on (the job"
                            + " then fails at its first checkpoint). Set it in the Flink configuration, e.g."
                            + " {}: s3://bucket/drsn-stream/checkpoints",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
        }
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        checkpoints.setCheckpointTimeout(config.checkpointTimeout.toMillis());
        checkpoints.setMinPauseBetweenCheckpoints(config.checkpointMinPause.toMillis());
        checkpoints.setTolerableCheckpointFailureNumber(config.checkpointTolerableFailures);
        env.configure(restartStrategy(config));
        // Explicit, so that the state's key groups do not depend on the first parallelism.
        env.setMaxParallelism(config.maxParallelism);
        if (config.parallelism != null) {
            env.setParallelism(config.parallelism);
        }
    }

    /**
     * Exponential delay with a cap and a reset, and a bound on attempts, in place of Flink's
     * default of retrying for ever; what no restart can cure (an invalid artifact, state the
     * model does not fit) fails the job at once (SuppressRestartsException).
     */
    static Configuration restartStrategy(ScoringJobConfig config) {
        Configuration restarts = new Configuration();
        if (config.restartStrategy == ScoringJobOptions.RestartStrategy.NONE) {
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            return restarts;
        }
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                config.restartInitialDelay);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                config.restartMaxDelay);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                config.restartResetAfter);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                config.restartMaxAttempts);
        return restarts;
    }

    /** Adds the whole pipeline, Kafka source and sinks included, to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env, ScoringJobConfig config, ModelMetadata model) {
        sinkAll(buildStreams(fromKafka(env, config, model), config, model), config);
    }

    /** Every stream of the pipeline to its topic. */
    public static void sinkAll(ScoringStreams streams, ScoringJobConfig config) {
        sinkScores(streams.scores(), config);
        sinkAlerts(streams.alerts(), config);
        sinkDeadLetters(streams.deadLetters(), config);
        sinkShadowScores(streams.shadowScores(), config);
        sinkModelStatus(streams.modelStatus(), config);
    }

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
     * What the pipeline reads: the chunks, with event time and watermarks, and the alert-config
     * updates and model commands, which never hold event time back.
     */
    public record ScoringInputs(
            DataStream<InboundRecord> chunks,
            DataStream<AlertConfigUpdate> alertConfig,
            DataStream<ModelControlRecord> modelControl) {}

    /** Both inputs from their Kafka topics. */
    public static ScoringInputs fromKafka(
            StreamExecutionEnvironment env, ScoringJobConfig config, ModelMetadata model) {
        LOG.info(
                "Kafka client properties of the job's sources and sinks{}: {}",
                config.kafkaConfigFile == null
                        ? ""
                        : " (from " + config.kafkaConfigFile + " and the kafka.* arguments)",
                config.redactedKafkaClientProperties());
        return new ScoringInputs(
                chunksFromKafka(env, config, model),
                alertConfigFromKafka(env, config, model),
                modelControlFromKafka(env, config));
    }

    /**
     * The model-control topic, from the start on a fresh start (so a new job applies the commands
     * of the one before it; a command for the model already active changes nothing), else from
     * the checkpoint's offsets; idle for good, as the alert-config source.
     */
    public static DataStream<ModelControlRecord> modelControlFromKafka(
            StreamExecutionEnvironment env, ScoringJobConfig config) {
        Properties properties = config.kafkaClientProperties();
        properties.putIfAbsent("isolation.level", "read_committed");
        KafkaSource<ModelControlRecord> source =
                KafkaSource.<ModelControlRecord>builder()
                        .setBootstrapServers(config.bootstrapServers)
                        .setTopics(config.modelControlTopic)
                        .setGroupId(config.groupId + "-model-control")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new ModelControlDeserializationSchema())
                        .setProperties(properties)
                        .build();
        return env.fromSource(
                        source,
                        AlertConfigWatermarks.<ModelControlRecord>alwaysIdle(),
                        "Kafka: " + config.modelControlTopic)
                .uid("model-control-source")
                // One reader: the commands stay in the order they were written.
                .setParallelism(1);
    }

    /**
     * The alert-config topic from its start (it is compacted: the latest override per key), as
     * updates; the source is idle for good (see {@link AlertConfigWatermarks}), so that it
     * neither holds the alerts' watermark back nor moves it.
     */
    public static DataStream<AlertConfigUpdate> alertConfigFromKafka(
            StreamExecutionEnvironment env, ScoringJobConfig config, ModelMetadata model) {
        Properties properties = config.kafkaClientProperties();
        properties.putIfAbsent("isolation.level", "read_committed");
        KafkaSource<AlertConfigUpdate> source =
                KafkaSource.<AlertConfigUpdate>builder()
                        .setBootstrapServers(config.bootstrapServers)
                        .setTopics(config.alertConfigTopic)
                        .setGroupId(config.groupId + "-alert-config")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(
                                new AlertConfigDeserializationSchema(
                                        config.alertPolicy(
                                                config.anomalyThresholdFor(model).value())))
                        .setProperties(properties)
                        .build();
        return env.fromSource(
                        source,
                        AlertConfigWatermarks.alwaysIdle(),
                        "Kafka: " + config.alertConfigTopic)
                .uid("alert-config-source");
    }

    /**
     * The chunk topic read as decoded chunks or dead letters, with event time (a chunk's first
     * sample) and watermarks.
     */
    public static DataStream<InboundRecord> chunksFromKafka(
            StreamExecutionEnvironment env, ScoringJobConfig config, ModelMetadata model) {
        return env.fromSource(
                        chunkSource(config, model),
                        watermarks(config),
                        "Kafka: " + config.chunksTopic)
                .uid("chunk-source");
    }

    /**
     * Validation, window assembly and scoring of {@code inbound}, which carries event times and
     * watermarks (the Kafka source in the job; any bounded stream in a test). The sinks are
     * added separately.
     */
    public static ScoringStreams buildStreams(
            ScoringInputs inputs, ScoringJobConfig config, ModelMetadata model) {
        int windowLength = model.windowLength();
        AnomalyThreshold threshold = config.anomalyThresholdFor(model);
        LOG.info("Anomaly threshold in force: {}", threshold);

        SingleOutputStreamOperator<ChunkRecord> chunks =
                inputs.chunks()
                        .process(new DeadLetterRouter())
                        .uid("route-dead-letters")
                        .name("Route undecodable and invalid chunks");

        SingleOutputStreamOperator<SampleWindow> windows =
                chunks.keyBy(chunk -> chunk.sensorId)
                        .process(
                                new WindowAssembler(
                                        windowLength,
                                        config.hopFor(windowLength),
                                        model.sampleRateHz(),
                                        config.allowedLateness.toMillis(),
                                        config.maxPendingChunks,
                                        config.idleTimeout.toMillis()))
                        .uid("assemble-windows")
                        .name("Assemble windows of " + windowLength + " samples");

        SingleOutputStreamOperator<ModelControlRecord> modelCommands =
                inputs.modelControl()
                        .process(new ModelControlRouter())
                        .uid("route-model-control")
                        .name("Route model commands")
                        .setParallelism(1);
        SingleOutputStreamOperator<ScoringResult> scores =
                windows.connect(modelCommands.broadcast())
                        .transform(
                                "Score (from " + model.version() + ", model-control)",
                                TypeInformation.of(ScoringResult.class),
                                new BatchScoringOperator(
                                        config.modelDir,
                                        config.batchSize,
                                        config.batchTimeout.toMillis(),
                                        threshold.value(),
                                        config.scoringDevice,
                                        config.scoringThreads))
                        .uid("score-windows");

        boolean byMachine = config.alertKeyBy == ScoringJobOptions.AlertKey.MACHINE;
        AlertPolicy policy = config.alertPolicy(threshold.value());
        SingleOutputStreamOperator<AlertConfigUpdate> alertConfig =
                inputs.alertConfig()
                        .process(new AlertConfigRouter())
                        .uid("route-alert-config")
                        .name("Route alert overrides");
        SingleOutputStreamOperator<AlertEvent> alerts =
                scores.keyBy(byMachine ? ScoringJob::machineOf : ScoringJob::sensorOf)
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

    private static String sensorOf(ScoringResult score) {
        return score.sensorId;
    }

    private static String machineOf(ScoringResult score) {
        return score.machineId;
    }

    public static void sinkAlerts(DataStream<AlertEvent> alerts, ScoringJobConfig config) {
        alerts.sinkTo(
                        kafkaSink(
                                config,
                                new SensorAlertSerializationSchema(config.alertsTopic),
                                "alerts"))
                .uid("alerts-sink")
                .name("Kafka: " + config.alertsTopic);
    }

    public static void sinkScores(DataStream<ScoringResult> scores, ScoringJobConfig config) {
        scores.sinkTo(
                        kafkaSink(
                                config,
                                new ScoredWindowSerializationSchema(config.scoresTopic),
                                "scores"))
                .uid("scores-sink")
                .name("Kafka: " + config.scoresTopic);
    }

    public static void sinkShadowScores(
            DataStream<ScoringResult> shadowScores, ScoringJobConfig config) {
        shadowScores
                .sinkTo(
                        kafkaSink(
                                config,
                                new ScoredWindowSerializationSchema(config.shadowScoresTopic),
                                "shadow-scores"))
                .uid("shadow-scores-sink")
                .name("Kafka: " + config.shadowScoresTopic);
    }

    public static void sinkModelStatus(
            DataStream<ModelStatusEvent> modelStatus, ScoringJobConfig config) {
        modelStatus
                .sinkTo(
                        kafkaSink(
                                config,
                                new ModelStatusSerializationSchema(config.modelStatusTopic),
                                "model-status"))
                .uid("model-status-sink")
                .name("Kafka: " + config.modelStatusTopic);
    }

    public static void sinkDeadLetters(
            DataStream<RejectedRecord> deadLetters, ScoringJobConfig config) {
        deadLetters
                .map(new DeadLetterCounter())
                .uid("count-dead-letters")
                .name("Count dead letters by reason")
                .sinkTo(
                        kafkaSink(
                                config,
                                new DeadLetterSerializationSchema(
                                        config.deadLettersTopic, config.deadLetterMaxPayloadBytes),
                                "dead-letters"))
                .uid("dead-letter-sink")
                .name("Kafka: " + config.deadLettersTopic);
    }

    static KafkaSource<InboundRecord> chunkSource(ScoringJobConfig config, ModelMetadata model) {
        Properties properties = config.kafkaClientProperties();
        // Chunks may come from transactional producers: never score an aborted chunk.
        properties.putIfAbsent("isolation.level", "read_committed");
        return KafkaSource.<InboundRecord>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.chunksTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(
                        new ChunkDeserializationSchema(
                                new ChunkValidator(model.sampleRateHz(), config.chunkMaxSamples)))
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

    public static WatermarkStrategy<InboundRecord> watermarks(ScoringJobConfig config) {
        return WatermarkStrategy.<InboundRecord>forBoundedOutOfOrderness(config.outOfOrderness)
                // Dead letters carry no event time: Long.MIN_VALUE never advances the watermark.
                .withTimestampAssigner(
                        (record, kafkaTimestamp) ->
                                record.isChunk() ? record.chunk.startMillis() : Long.MIN_VALUE)
                .withIdleness(config.idleness);
    }

    static <T> KafkaSink<T> kafkaSink(
            ScoringJobConfig config,
            org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<T> serializer,
            String name) {
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
        return builder.build();
    }
}
