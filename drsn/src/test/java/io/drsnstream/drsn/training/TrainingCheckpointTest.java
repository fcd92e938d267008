package io.drsnstream.drsn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.drsn.SyntheticSignals;
import io.drsnstream.drsn.TestModels;
import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.drsn.nn.DrsnNetwork;
import io.drsnstream.drsn.nn.NetworkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An interrupted run resumes after its last completed epoch; another run's checkpoint is refused. */
class TrainingCheckpointTest {

    @TempDir Path tmp;

    private static TrainingConfig config(int epochs) {
        return config(epochs, 0.1f);
    }

    private static TrainingConfig config(int epochs, float learningRate) {
        NetworkSpec spec =
                DrsnNetwork.builder()
                        .setArchitecture(Architecture.DRSN_CW)
                        .optInputLength(64)
                        .optUnitsPerStage(1)
                        .spec();
        return TrainingConfig.builder(spec)
                .optEpochs(epochs)
                .optBatchSize(8)
                .optSeed(5)
                .optLearningRateSchedule(learningRate, 0.1f, 0.4, 0.8)
                .build();
    }

    @Test
    void aStoppedRunResumesAfterItsLastCompletedEpoch() {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(tmp.resolve("ckpt"));
        DrsnTrainer first = new DrsnTrainer(config(3)).setCheckpoint(checkpoint, true);
        // Stop during epoch 2: only epoch 1 is complete.
        first.setListener(e -> first.requestStop());
        List<EpochResult> firstHistory;
        float[] checkpointed;
        try (TrainingOutcome outcome = first.train(data.windows, data.labels)) {
            assertThat(outcome.stopped()).isTrue();
            firstHistory = outcome.history();
            // Stopped before epoch 2's first step: the model is the checkpoint's.
            checkpointed = trainableWeights(outcome);
        }
        assertThat(checkpoint.exists()).isTrue();

        List<EpochResult> resumedEpochs = new ArrayList<>();
        DrsnTrainer second =
                new DrsnTrainer(config(3))
                        .setCheckpoint(checkpoint, true)
                        .setListener(resumedEpochs::add);
        try (TrainingOutcome outcome = second.train(data.windows, data.labels)) {
            assertThat(outcome.stopped()).isFalse();
            assertThat(resumedEpochs).extracting(EpochResult::epoch).containsExactly(2, 3);
            assertThat(outcome.history()).extracting(EpochResult::epoch).containsExactly(1, 2, 3);
            assertThat(outcome.history().get(0)).isEqualTo(firstHistory.get(0));
            // Trained on from the checkpoint: a trainer that kept its own copies of the arrays
            // initialised before the restore would leave the restored ones untouched.
            assertThat(trainableWeights(outcome)).isNotEqualTo(checkpointed);
        }
    }

    @Test
    void aResumedRunStartsFromTheCheckpointsWeights() {
        // With a learning rate of 1e-20 (0 is refused) no float32 weight can move: a resumed run
        // ends with exactly the checkpoint's, unless the trainer re-initialised them.
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(tmp.resolve("frozen"));
        DrsnTrainer first = new DrsnTrainer(config(2, 1e-20f)).setCheckpoint(checkpoint, true);
        first.setListener(e -> first.requestStop());
        float[] checkpointed;
        try (TrainingOutcome outcome = first.train(data.windows, data.labels)) {
            checkpointed = trainableWeights(outcome);
        }
        try (TrainingOutcome outcome =
                new DrsnTrainer(config(2, 1e-20f))
                        .setCheckpoint(checkpoint, true)
                        .train(data.windows, data.labels)) {
            assertThat(outcome.history()).extracting(EpochResult::epoch).containsExactly(1, 2);
            assertThat(trainableWeights(outcome)).containsExactly(checkpointed);
        }
    }

    /** The convolution and dense weights, in parameter order (not BN's running statistics). */
    private static float[] trainableWeights(TrainingOutcome outcome) {
        return TestModels.parameterValues(
                outcome.model().getBlock(), name -> name.endsWith("weight"));
    }

    @Test
    void aCheckpointOfAnotherRunIsRefused() {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(tmp.resolve("ckpt"));
        DrsnTrainer first = new DrsnTrainer(config(2)).setCheckpoint(checkpoint, false);
        first.setListener(e -> first.requestStop());
        first.train(data.windows, data.labels).close();
        DrsnTrainer other = new DrsnTrainer(config(4)).setCheckpoint(checkpoint, true);
        assertThatThrownBy(() -> other.train(data.windows, data.labels))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to another run");
    }
}
