package io.drsnstream.job.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.job.window.SampleWindow;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scoring operator with the committed model: batching by size, by time and at checkpoint
 * barriers, and each score paired with its own window even when the upstream operator reuses
 * one StreamRecord for every window (as chained operators do with object reuse on).
 */
class BatchScoringOperatorTest {

    private static final int BATCH = 8;
    private static final long TIMEOUT_MS = 50;

    private static Path modelDir;
    private static ModelArtifact reference;
    private static Scorer referenceScorer;

    @BeforeAll
    static void loadReference() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        modelDir = RepositoryLayout.committedModel();
        reference = ModelArtifact.load(modelDir, Device.cpu());
        referenceScorer = reference.newScorer();
    }

    @AfterAll
    static void closeReference() {
        referenceScorer.close();
        reference.close();
    }

    @Test
    void fullBatchesAreScoredAtOnceAndEachScoreBelongsToItsWindow() throws Exception {
        List<SampleWindow> windows = windows(2 * BATCH, 1);
        try (var harness = harness()) {
            // One StreamRecord for all windows, replaced in place: what a chained upstream hands
            // over.
            StreamRecord<SampleWindow> reused = new StreamRecord<>(null);
            for (int i = 0; i < windows.size(); i++) {
                harness.processElement1(reused.replace(windows.get(i), 1_000L + i));
                int expectedOut = (i + 1) / BATCH * BATCH;
                assertThat(harness.extractOutputStreamRecords()).hasSize(expectedOut);
            }
            List<StreamRecord<? extends ScoringResult>> out = harness.extractOutputStreamRecords();
            for (int i = 0; i < windows.size(); i++) {
                assertScoreOf(windows.get(i), 1_000L + i, out.get(i));
            }
        }
    }

    @Test
    void aPartialBatchIsScoredWhenItsTimeoutFires() throws Exception {
        List<SampleWindow> windows = windows(3, 2);
        try (var harness = harness()) {
            harness.setProcessingTime(10_000);
            for (int i = 0; i < windows.size(); i++) {
                harness.processElement1(windows.get(i), 500L + i);
            }
            harness.setProcessingTime(10_000 + TIMEOUT_MS - 1);
            assertThat(harness.extractOutputStreamRecords()).isEmpty();
            harness.setProcessingTime(10_000 + TIMEOUT_MS);
            List<StreamRecord<? extends ScoringResult>> out = harness.extractOutputStreamRecords();
            assertThat(out).hasSize(3);
            for (int i = 0; i < windows.size(); i++) {
                assertScoreOf(windows.get(i), 500L + i, out.get(i));
            }
        }
    }

    @Test
    void aCheckpointBarrierNeverLeavesWindowsBuffered() throws Exception {
        List<SampleWindow> windows = windows(5, 3);
        try (var harness = harness()) {
            for (SampleWindow window : windows) {
                harness.processElement1(window, 7L);
            }
            assertThat(harness.extractOutputStreamRecords()).isEmpty();
            harness.prepareSnapshotPreBarrier(1L);
            assertThat(harness.extractOutputStreamRecords()).hasSize(5);
        }
    }

    @Test
    void aWatermarkNeverOvertakesTheWindowsWaitingForTheirBatch() throws Exception {
        List<SampleWindow> windows = windows(3, 4);
        try (var harness = harness()) {
            harness.processWatermark1(new Watermark(5L));
            harness.processElement1(windows.get(0), 10L);
            harness.processElement1(windows.get(1), 11L);
            harness.processWatermark1(new Watermark(20L));
            harness.processWatermark1(new Watermark(30L));
            assertThat(harness.getOutput())
                    .as("the watermarks after the pending windows are held")
                    .containsExactly(new Watermark(5L));

            harness.setProcessingTime(harness.getProcessingTime() + TIMEOUT_MS);

            List<Object> out = new ArrayList<>(harness.getOutput());
            assertThat(out).hasSize(4);
            assertThat(out.get(0)).isEqualTo(new Watermark(5L));
            assertThat(out.get(1)).isInstanceOf(StreamRecord.class);
            assertThat(out.get(2)).isInstanceOf(StreamRecord.class);
            assertThat(out.get(3))
                    .as("only the latest held watermark, after the batch")
                    .isEqualTo(new Watermark(30L));
        }
    }

    @Test
    void aHeldWatermarkLeavesBeforeTheOutputGoesIdle() throws Exception {
        List<SampleWindow> windows = windows(2, 5);
        try (var harness = harness()) {
            harness.processElement1(windows.get(0), 10L);
            harness.processElement1(windows.get(1), 11L);
            harness.processWatermark1(new Watermark(20L));
            assertThat(harness.getOutput()).as("held while the batch waits").isEmpty();

            harness.processWatermarkStatus1(WatermarkStatus.IDLE);

            List<Object> out = new ArrayList<>(harness.getOutput());
            assertThat(out).hasSize(4);
            assertThat(out.get(0)).isInstanceOf(StreamRecord.class);
            assertThat(out.get(1)).isInstanceOf(StreamRecord.class);
            assertThat(out.get(2))
                    .as("the watermark, before the idle status that would drop it")
                    .isEqualTo(new Watermark(20L));
            assertThat(out.get(3)).isEqualTo(WatermarkStatus.IDLE);
        }
    }

    private static TwoInputStreamOperatorTestHarness<
                    SampleWindow, ModelControlRecord, ScoringResult>
            harness() throws Exception {
        var operator =
                new BatchScoringOperator(
                        modelDir.toString(),
                        BATCH,
                        TIMEOUT_MS,
                        0.5f,
                        ScoringJobOptions.DeviceSetting.CPU,
                        1);
        var harness = new TwoInputStreamOperatorTestHarness<>(operator);
        harness.getExecutionConfig().enableObjectReuse();
        harness.open();
        // As in the job: the model-control input is idle for good and never holds watermarks.
        harness.processWatermarkStatus2(WatermarkStatus.IDLE);
        return harness;
    }

    private static void assertScoreOf(
            SampleWindow window, long timestamp, StreamRecord<? extends ScoringResult> record) {
        ScoringResult score = record.getValue();
        assertThat(record.getTimestamp()).isEqualTo(timestamp);
        assertThat(score.sensorId).isEqualTo(window.sensorId);
        assertThat(score.firstSeq).isEqualTo(window.firstSeq);
        assertThat(score.startMicros).isEqualTo(window.startMicros);
        ScoreResult alone = referenceScorer.score(window.samples);
        assertThat(score.label).isEqualTo(alone.label());
        for (int c = 0; c < alone.probabilities().length; c++) {
            assertThat(score.probabilities[c]).isCloseTo(alone.probabilities()[c], within(1e-4f));
        }
        assertThat(score.noiseLevel).isEqualTo(alone.noiseLevel());
    }

    /** Windows that differ in content (noise level and a tone), so that their scores differ too. */
    private static List<SampleWindow> windows(int count, long seed) {
        int length = reference.getMetadata().windowLength();
        Random random = new Random(seed);
        List<SampleWindow> windows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SampleWindow window = new SampleWindow();
            window.machineId = "m" + i % 2;
            window.sensorId = "s" + i;
            window.firstSeq = 100L * i;
            window.lastSeq = 100L * i + 7;
            window.startMicros = 1_000_000L * i;
            window.endMicros = window.startMicros + 160_000L;
            window.samples = new float[length];
            double amplitude = 0.05 + random.nextDouble() * 2;
            double tone = 200 + random.nextInt(3000);
            for (int t = 0; t < length; t++) {
                window.samples[t] =
                        (float)
                                (amplitude * random.nextGaussian()
                                        + (i % 3) * Math.sin(2 * Math.PI * tone * t / 12_800.0));
            }
            windows.add(window);
        }
        return windows;
    }
}
