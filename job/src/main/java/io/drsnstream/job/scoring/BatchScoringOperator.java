package io.drsnstream.job.scoring;

import ai.djl.Device;
import io.drsnstream.drsn.model.EngineSettings;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.modelcontrol.ModelReference;
import io.drsnstream.job.modelcontrol.ModelSlots;
import io.drsnstream.job.modelcontrol.ModelStatusEvent;
import io.drsnstream.job.modelcontrol.ScoringModel;
import io.drsnstream.job.window.SampleWindow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Scores windows with the DRSN in micro-batches of up to {@code batchSize} windows or
 * {@code batchTimeoutMillis}, whichever comes first.
 *
 * <p>Exactly-once: the buffer is flushed before every checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so a checkpoint never holds windows that were taken in
 * but not emitted; after a failure the windows after the checkpoint are replayed from upstream
 * and scored again, never emitted twice.
 *
 * <p>The second input is the broadcast model-control stream: {@link ModelSlots} applies each
 * command between two batches (the pending windows are scored with the old model first), and the
 * slots' references live in the broadcast state {@value #MODEL_DEPLOYMENT_NAME}, so that a
 * restore comes back with the deployed models. A shadow model's scores leave on {@link
 * #SHADOW_SCORES}, the commands' outcomes on {@link ModelStatusEvent#SIDE_OUTPUT}.
 */
public final class BatchScoringOperator extends AbstractStreamOperator<ScoringResult>
        implements TwoInputStreamOperator<SampleWindow, ModelControlRecord, ScoringResult>,
                BoundedMultiInput {

    private static final long serialVersionUID = 1L;

    static final String MODEL_DEPLOYMENT_NAME = "model-deployment";

    /** The active, shadow and previous models' references, by {@link ModelSlots#ACTIVE} etc. */
    public static final MapStateDescriptor<String, ModelReference> MODEL_DEPLOYMENT =
            new MapStateDescriptor<>(
                    MODEL_DEPLOYMENT_NAME, Types.STRING, TypeInformation.of(ModelReference.class));

    /** The shadow model's scores of the same windows. */
    public static final OutputTag<ScoringResult> SHADOW_SCORES =
            new OutputTag<>("shadow-scores") {};

    /** Marks a buffered window whose record had no timestamp (Long.MIN_VALUE is never an event time here). */
    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final String modelDir;
    private final int batchSize;
    private final long batchTimeoutMillis;
    private final float anomalyThreshold;
    private final ScoringJobOptions.DeviceSetting deviceSetting;
    private final int scoringThreads;

    private transient ModelSlots models;
    private transient BroadcastState<String, ModelReference> deployment;
    private transient Map<String, ModelReference> restoredDeployment;
    // The windows and their timestamps, not the StreamRecords: with object reuse the upstream
    // operator hands over the same StreamRecord instance for every window.
    private transient List<SampleWindow> pendingWindows;
    private transient long[] pendingTimestamps;
    private transient ScheduledFuture<?> batchDeadline;

    /** A watermark that arrived while windows were pending: it leaves after them. */
    private transient Watermark heldWatermark;

    private transient Counter windowsScored;
    private transient Histogram batchSizes;
    private transient Histogram inferenceMillis;

    public BatchScoringOperator(
            String modelDir,
            int batchSize,
            long batchTimeoutMillis,
            float anomalyThreshold,
            ScoringJobOptions.DeviceSetting deviceSetting,
            int scoringThreads) {
        this.modelDir = modelDir;
        this.batchSize = batchSize;
        this.batchTimeoutMillis = batchTimeoutMillis;
        this.anomalyThreshold = anomalyThreshold;
        this.deviceSetting = deviceSetting;
        this.scoringThreads = scoringThreads;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        deployment = context.getOperatorStateStore().getBroadcastState(MODEL_DEPLOYMENT);
        restoredDeployment = new HashMap<>();
        for (Map.Entry<String, ModelReference> entry : deployment.entries()) {
            restoredDeployment.put(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        ScoringDevice device =
                ScoringDevice.resolve(
                        deviceSetting,
                        getRuntimeContext().getExternalResourceInfos(ScoringDevice.GPU_RESOURCE),
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        EngineSettings.applyDefaults(scoringThreads);
        ModelMetadata pipeline = verifyCommandLineModel();
        int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        models =
                new ModelSlots(
                        pipeline,
                        device.isGpu() ? Device.gpu(device.gpuIndex()) : Device.cpu(),
                        batchSize,
                        subtask,
                        event ->
                                output.collect(
                                        ModelStatusEvent.SIDE_OUTPUT, new StreamRecord<>(event)));
        models.registerMetrics(getMetricGroup());
        startModels(ModelReference.of(pipeline.version(), modelDir, pipeline.parametersSha256()));
        saveDeployment();
        pendingWindows = new ArrayList<>(batchSize);
        pendingTimestamps = new long[batchSize];

        var metrics = getMetricGroup();
        windowsScored = metrics.counter("windowsScored");
        metrics.meter("windowsScoredPerSecond", new MeterView(windowsScored));
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        inferenceMillis =
                metrics.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
        metrics.gauge("scoringDevice", device::toString);
        LOG.info(
                "Scoring subtask {} uses model {} on {}", subtask, models.active().version, device);
    }

    /**
     * The command-line model's metadata, which the pipeline (window length, sample rate) was
     * built from; an artifact that is invalid (not merely unreadable for now) fails the job
     * without restarts, since every restart would read the same files.
     */
    private ModelMetadata verifyCommandLineModel() throws ModelArtifactException {
        try {
            return ModelArtifact.verify(Path.of(modelDir));
        } catch (ModelArtifactException e) {
            throw unusableCommandLineModel(e);
        }
    }

    /** The restored models, else the command-line one (see {@link ModelSlots#start}). */
    private void startModels(ModelReference commandLine) throws ModelArtifactException {
        try {
            models.start(commandLine, restoredDeployment);
        } catch (ModelArtifactException e) {
            throw unusableCommandLineModel(e);
        }
        restoredDeployment = null;
    }

    private ModelArtifactException unusableCommandLineModel(ModelArtifactException e) {
        if (e.getReason() == ModelArtifactException.Reason.IO_ERROR) {
            return e;
        }
        throw new SuppressRestartsException(
                new IllegalStateException(
                        "The model artifact in "
                                + modelDir
                                + " cannot be used ("
                                + e.getReason()
                                + "): "
                                + e.getMessage(),
                        e));
    }

    /** The slots' references into the broadcast state, as every subtask holds them alike. */
    private void saveDeployment() throws Exception {
        deployment.clear();
        deployment.putAll(models.references());
    }

    /**
     * A model command: the windows taken in so far are scored with the models they came to, then
     * the command is applied, so that a switch always falls between two batches.
     */
    @Override
    public void processElement2(StreamRecord<ModelControlRecord> element) throws Exception {
        flush();
        models.apply(element.getValue());
        saveDeployment();
    }

    @Override
    public void processElement1(StreamRecord<SampleWindow> element) throws Exception {
        SampleWindow window = element.getValue();
        ScoringModel currentModel = models.active();
        if (window.samples.length != currentModel.windowLength) {
            // Restored state cut for another model: no restart can change that.
            throw new SuppressRestartsException(
                    new IllegalStateException(
                            "Window of "
                                    + window.samples.length
                                    + " samples but the model expects "
                                    + currentModel.windowLength
                                    + ": the assembler and the model disagree (restored state of a model with"
                                    + " another window length?)"));
        }
        pendingTimestamps[pendingWindows.size()] =
                element.hasTimestamp() ? element.getTimestamp() : NO_TIMESTAMP;
        pendingWindows.add(window);
        if (pendingWindows.size() >= batchSize) {
            flush();
        } else if (batchDeadline == null) {
            long deadline =
                    getProcessingTimeService().getCurrentProcessingTime() + batchTimeoutMillis;
            batchDeadline =
                    getProcessingTimeService()
                            .registerTimer(
                                    deadline,
                                    time -> {
                                        batchDeadline = null;
                                        flush();
                                    });
        }
    }

    /**
     * Holds a watermark back while windows wait for their batch, so that no score leaves behind
     * the watermark that passed its window (downstream event-time logic, the alerts' silence
     * timers, would see it late); it follows the batch out.
     */
    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (pendingWindows == null || pendingWindows.isEmpty()) {
            super.processWatermark(mark);
        } else {
            heldWatermark = mark;
        }
    }

    /**
     * Before the operator's output goes idle, the pending windows are scored and the held
     * watermark leaves: Flink's outputs drop every watermark emitted while they are idle, so a
     * watermark still held when the chunks go idle (the batch timeout longer than the sources'
     * idleness) would be lost, and with it the alerts' silence timers (NO_DATA).
     */
    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (status.isIdle() && heldWatermark != null) {
            flush();
        }
        super.processWatermarkStatus(status, index);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId == 1) {
            flush();
        }
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    @Override
    public void close() throws Exception {
        try {
            if (batchDeadline != null) {
                batchDeadline.cancel(false);
                batchDeadline = null;
            }
            if (models != null) {
                models.close();
                models = null;
            }
        } finally {
            super.close();
        }
    }

    private void flush() throws Exception {
        scoreBatch();
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    private void scoreBatch() {
        if (batchDeadline != null) {
            batchDeadline.cancel(false);
            batchDeadline = null;
        }
        if (pendingWindows == null || pendingWindows.isEmpty()) {
            return;
        }
        ScoringModel model = models.active();
        ScoringModel shadow = models.shadow();
        float[][] batch = new float[pendingWindows.size()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = pendingWindows.get(i).samples;
        }
        long start = System.nanoTime();
        List<ScoreResult> results = model.scorer.score(batch);
        inferenceMillis.update((System.nanoTime() - start) / 1_000_000);
        batchSizes.update(batch.length);
        long scoredAt = System.currentTimeMillis();
        for (int i = 0; i < batch.length; i++) {
            ScoringResult score = toScore(pendingWindows.get(i), results.get(i), model, scoredAt);
            output.collect(record(score, pendingTimestamps[i]));
        }
        if (shadow != null) {
            List<ScoreResult> shadowResults = shadow.scorer.score(batch);
            for (int i = 0; i < batch.length; i++) {
                ScoringResult score =
                        toScore(pendingWindows.get(i), shadowResults.get(i), shadow, scoredAt);
                output.collect(SHADOW_SCORES, record(score, pendingTimestamps[i]));
            }
            models.compareShadow(results, shadowResults);
        }
        windowsScored.inc(batch.length);
        pendingWindows.clear();
    }

    private static StreamRecord<ScoringResult> record(ScoringResult score, long timestamp) {
        return timestamp == NO_TIMESTAMP
                ? new StreamRecord<>(score)
                : new StreamRecord<>(score, timestamp);
    }

    private ScoringResult toScore(
            SampleWindow window, ScoreResult result, ScoringModel model, long scoredAt) {
        ScoringResult score = new ScoringResult();
        score.machineId = window.machineId;
        score.sensorId = window.sensorId;
        score.startMicros = window.startMicros;
        score.endMicros = window.endMicros;
        score.firstSeq = window.firstSeq;
        score.lastSeq = window.lastSeq;
        score.sampleCount = window.samples.length;
        score.label = result.label();
        score.confidence = result.confidence();
        score.probabilities = result.probabilities();
        score.classLabels = model.labels;
        score.anomalyScore = result.anomalyScore();
        score.anomaly = result.anomalyScore() >= anomalyThreshold;
        score.shrinkage = result.shrinkage();
        score.modelVersion = model.version;
        score.scoredAtMillis = scoredAt;
        score.noiseLevel = result.noiseLevel();
        return score;
    }
}
