package io.drsnstream.drsn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.drsnstream.drsn.SyntheticSignals;
import io.drsnstream.drsn.TestModels;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrsnTrainerTest {

    @Test
    void tinyTrainingLowersTheLossAndBeatsChanceOnHeldOutWindows() {
        int length = 256;
        SyntheticSignals train = SyntheticSignals.generate(8, 30, length, 0.3, 1);
        SyntheticSignals test = SyntheticSignals.generate(8, 15, length, 0.3, 2);
        NetworkSpec spec =
                DrsnNetwork.builder()
                        .setArchitecture(Architecture.DRSN_CW)
                        .optInputLength(length)
                        .optUnitsPerStage(1)
                        .spec();
        TrainingConfig config =
                TrainingConfig.builder(spec)
                        .optEpochs(8)
                        .optBatchSize(32)
                        .optLearningRateSchedule(0.1f, 0.1f, 0.6, 0.85)
                        .optSeed(3)
                        .build();
        List<EpochResult> epochs = new ArrayList<>();
        DrsnTrainer trainer = new DrsnTrainer(config).setListener(epochs::add);
        try (TrainingOutcome outcome = trainer.train(train.windows, train.labels)) {
            assertThat(outcome.stopped()).isFalse();
            assertThat(epochs).hasSize(8).isEqualTo(outcome.history());
            assertThat(epochs.get(7).loss()).isLessThan(epochs.get(0).loss() * 0.5);
            assertThat(epochs.get(7).samplesPerSecond()).isPositive();
            assertThat(epochs.get(7).learningRate()).isCloseTo(0.001f, within(1e-6f));
            Evaluation evaluation = trainer.evaluate(outcome.model(), test.windows, test.labels);
            assertThat(evaluation.total()).isEqualTo(120);
            assertThat(evaluation.confusionMatrix()).hasDimensions(8, 8);
            assertThat(evaluation.accuracy()).as(evaluation.toString()).isGreaterThan(0.6);
            assertThat(evaluation.meanShrinkage()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void sameSeedGivesTheSameModel() {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        float[][] copy = Arrays.stream(data.windows).map(float[]::clone).toArray(float[][]::new);
        float[] a = parameters(data, 9);
        float[] b = parameters(data, 9);
        float[] c = parameters(data, 10);
        assertThat(b).containsExactly(a);
        assertThat(c).isNotEqualTo(a);
        assertThat(data.windows).isDeepEqualTo(copy);
    }

    private static float[] parameters(SyntheticSignals data, int seed) {
        TrainingConfig config =
                TrainingConfig.builder(smallSpec(64))
                        .optEpochs(2)
                        .optBatchSize(8)
                        .optSeed(seed)
                        .build();
        DrsnTrainer trainer =
                new DrsnTrainer(config)
                        .setAugmenter(
                                (batch, rng) -> {
                                    for (float[] row : batch) {
                                        for (int i = 0; i < row.length; i++) {
                                            row[i] += (float) (0.1 * rng.nextGaussian());
                                        }
                                    }
                                });
        try (TrainingOutcome outcome = trainer.train(data.windows, data.labels)) {
            return TestModels.parameterValues(outcome.model().getBlock(), name -> true);
        }
    }

    @Test
    void requestStopEndsTrainingAfterTheCurrentBatch() {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        TrainingConfig config =
                TrainingConfig.builder(smallSpec(64)).optEpochs(5).optBatchSize(8).build();
        DrsnTrainer trainer = new DrsnTrainer(config);
        List<Integer> batches = new ArrayList<>();
        trainer.setListener(
                new ProgressListener() {
                    @Override
                    public void onEpoch(EpochResult result) {}

                    @Override
                    public void onBatch(int epoch, int batch, int total) {
                        batches.add(batch);
                        if (epoch == 2 && batch == 2) {
                            trainer.requestStop();
                        }
                    }
                });
        try (TrainingOutcome outcome = trainer.train(data.windows, data.labels)) {
            assertThat(outcome.stopped()).isTrue();
            assertThat(outcome.history()).hasSize(2);
            assertThat(outcome.lastEpoch().stopped()).isTrue();
            assertThat(outcome.lastEpoch().samples()).isEqualTo(16);
            assertThat(batches).hasSize(5 + 2);
        }
    }

    @Test
    void augmenterSeesCopiesOfEachBatchAndAFinalBatchOfOneIsSkipped() {
        SyntheticSignals data = SyntheticSignals.generate(4, 5, 64, 0.3, 4); // 20 windows
        float[][] copy = Arrays.stream(data.windows).map(float[]::clone).toArray(float[][]::new);
        TrainingConfig config =
                TrainingConfig.builder(smallSpec(64)).optEpochs(1).optBatchSize(19).build();
        List<Integer> sizes = new ArrayList<>();
        DrsnTrainer trainer =
                new DrsnTrainer(config)
                        .setAugmenter(
                                (batch, rng) -> {
                                    sizes.add(batch.length);
                                    for (float[] row : batch) {
                                        Arrays.fill(row, 1f);
                                    }
                                });
        try (TrainingOutcome outcome = trainer.train(data.windows, data.labels)) {
            assertThat(sizes).containsExactly(19);
            assertThat(outcome.lastEpoch().samples()).isEqualTo(19);
        }
        assertThat(data.windows).isDeepEqualTo(copy);
    }

    @Test
    void learningRateScheduleScalesWithTheEpochs() {
        TrainingConfig paper =
                TrainingConfig.builder(NetworkSpec.paper(Architecture.DRSN_CW)).build();
        assertThat(paper.epochs()).isEqualTo(100);
        assertThat(paper.batchSize()).isEqualTo(128);
        assertThat(paper.learningRateAt(0)).isCloseTo(0.1f, within(1e-7f));
        assertThat(paper.learningRateAt(39)).isCloseTo(0.1f, within(1e-7f));
        assertThat(paper.learningRateAt(40)).isCloseTo(0.01f, within(1e-7f));
        assertThat(paper.learningRateAt(79)).isCloseTo(0.01f, within(1e-7f));
        assertThat(paper.learningRateAt(80)).isCloseTo(0.001f, within(1e-7f));
        assertThat(paper.learningRateAt(99)).isCloseTo(0.001f, within(1e-7f));
        TrainingConfig short10 =
                TrainingConfig.builder(NetworkSpec.paper(Architecture.DRSN_CW))
                        .optEpochs(10)
                        .build();
        assertThat(short10.learningRateAt(3)).isCloseTo(0.1f, within(1e-7f));
        assertThat(short10.learningRateAt(4)).isCloseTo(0.01f, within(1e-7f));
        assertThat(short10.learningRateAt(8)).isCloseTo(0.001f, within(1e-7f));
    }

    /** A checkpoint resumes only a run whose config prints the same, so this text must not change. */
    @Test
    void theConfigTextThatCheckpointsRecordIsStable() {
        TrainingConfig config =
                TrainingConfig.builder(NetworkSpec.paper(Architecture.DRSN_CW))
                        .optLearningRateSchedule(0.05f, 0.2f, 0.5, 0.75)
                        .optSeed(7)
                        .build();
        assertThat(config)
                .hasToString(
                        "TrainingConfig{network=NetworkSpec[architecture=DRSN_CW, inputLength=2048, "
                                + "stageWidths=[4, 8, 16], unitsPerStage=4, classes=8], epochs=100, batchSize=128, learningRate=0.05, "
                                + "decayFractions=[0.5, 0.75], decayFactor=0.2, momentum=0.9, weightDecay=1.0E-4, seed=7, "
                                + "normalization=PER_WINDOW_STANDARDIZE, device=cpu()}");
    }

    @Test
    void windowsOfTheWrongLengthAreRejected() {
        TrainingConfig config = TrainingConfig.builder(smallSpec(64)).build();
        float[][] windows = {new float[64], new float[63]};
        assertThatThrownBy(() -> new DrsnTrainer(config).train(windows, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Window 1 has 63 samples");
    }

    private static NetworkSpec smallSpec(int length) {
        return DrsnNetwork.builder()
                .setArchitecture(Architecture.DRSN_CW)
                .optInputLength(length)
                .optStageWidths(4, 8)
                .optUnitsPerStage(1)
                .optClasses(TestModels.CLASSES)
                .spec();
    }
}
