package io.drsnstream.job.scoring;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.job.datatypes.SampleWindow;
import io.drsnstream.job.datatypes.ScoringResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Scores windows with the DRSN in micro-batches of up to {@code batchSize} windows or
 * {@code batchTimeoutMillis}, whichever comes first.
 *
 * <p>Exactly-once: the buffer is flushed before every checkpoint barrier
 * ({@link #prepareSnapshotPreBarrier}), so a checkpoint never holds windows that were taken in
 * but not emitted; after a failure the windows after the checkpoint are replayed from upstream
 * and scored again, never emitted twice.
 */
public final class BatchScoringOperator extends AbstractStreamOperator<ScoringResult>
        implements OneInputStreamOperator<SampleWindow, ScoringResult>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** Marks a buffered window whose record had no timestamp (Long.MIN_VALUE is never an event time here). */
    private static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final String modelDir;
    private final int batchSize;
    private final long batchTimeoutMillis;
    private final float anomalyThreshold;
    private final ScoringDevice.Setting deviceSetting;
    private final int scoringThreads;

    private transient ScoringModel currentModel;
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
            ScoringDevice.Setting deviceSetting,
            int scoringThreads) {
        this.modelDir = modelDir;
        this.batchSize = batchSize;
        this.batchTimeoutMillis = batchTimeoutMillis;
        this.anomalyThreshold = anomalyThreshold;
        this.deviceSetting = deviceSetting;
        this.scoringThreads = scoringThreads;
    }

    @Override
    public void open() throws Exception {
        super.open();
        ScoringDevice device =
                ScoringDevice.resolve(
                        deviceSetting,
                        getRuntimeContext().getExternalResourceInfos(ScoringDevice.GPU_RESOURCE),
                        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask());
        ScoringEngineSettings.apply(scoringThreads);
        currentModel = new ScoringModel(loadModel(device), batchSize);
        pendingWindows = new ArrayList<>(batchSize);
        pendingTimestamps = new long[batchSize];

        var metrics = getMetricGroup();
        windowsScored = metrics.counter("windowsScored");
        metrics.meter("windowsScoredPerSecond", new MeterView(windowsScored));
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(1000));
        inferenceMillis =
                metrics.histogram("inferenceLatencyMs", new DescriptiveStatisticsHistogram(1000));
        metrics.gauge("modelVersion", () -> currentModel == null ? "" : currentModel.version);
        metrics.gauge("scoringDevice", device::toString);
        LOG.info(
                "Scoring subtask {} uses model {} on {}",
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                currentModel.version,
                device);
    }

    /**
     * The shared artifact; an artifact that is invalid (not merely unreadable for now) fails the
     * job without restarts, since every restart would load the same files.
     */
    private ModelArtifact loadModel(ScoringDevice device) throws ModelArtifactException {
        try {
            return SharedModels.acquire(
                    Path.of(modelDir),
                    device.isGpu() ? Device.gpu(device.gpuIndex()) : Device.cpu());
        } catch (ModelArtifactException e) {
            if (e.getReason() == ModelArtifactException.Reason.IO_ERROR) {
                throw e;
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
    }

    @Override
    public void processElement(StreamRecord<SampleWindow> element) throws Exception {
        SampleWindow window = element.getValue();
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
     * Lets the pending batch and its held watermark out before the input goes idle: an output
     * announced idle drops every watermark (Flink's {@code RecordWriterOutput}), so a watermark
     * released after the idle status would be lost and event time downstream would stop where it
     * was (the alerts' NO_DATA timers of silent sensors would never fire).
     */
    @Override
    public void processWatermarkStatus(WatermarkStatus watermarkStatus) throws Exception {
        if (watermarkStatus.isIdle()) {
            flush();
        }
        super.processWatermarkStatus(watermarkStatus);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() throws Exception {
        flush();
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
            if (currentModel != null) {
                currentModel.close();
                currentModel = null;
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
        ScoringModel model = currentModel;
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
            long timestamp = pendingTimestamps[i];
            output.collect(
                    timestamp == NO_TIMESTAMP
                            ? new StreamRecord<>(score)
                            : new StreamRecord<>(score, timestamp));
        }
        windowsScored.inc(batch.length);
        pendingWindows.clear();
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
