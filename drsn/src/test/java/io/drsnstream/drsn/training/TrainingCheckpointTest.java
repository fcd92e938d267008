package io.drsnstream.drsn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.drsn.SyntheticSignals;
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

    @TempDir
    Path tmp;

    private static TrainingConfig config(int epochs) {
        NetworkSpec spec = DrsnNetwork.builder()
                .setArchitecture(Architecture.DRSN_CW)
                .optInputLength(64)
                .optUnitsPerStage(1)
                .spec();
        return TrainingConfig.builder(spec).optEpochs(epochs).optBatchSize(8).optSeed(5).build();
    }

    @Test
    void aStoppedRunResumesAfterItsLastCompletedEpoch() {
        SyntheticSignals data = SyntheticSignals.generate(4, 10, 64, 0.3, 4);
        TrainingCheckpoint checkpoint = new TrainingCheckpoint(tmp.resolve("ckpt"));
        DrsnTrainer first = new DrsnTrainer(config(3)).setCheckpoint(checkpoint, true);
        // Stop during epoch 2: only epoch 1 is complete.
        first.setListener(e -> first.requestStop());
        List<EpochResult> firstHistory;
        try (TrainingOutcome outcome = first.train(data.windows, data.labels)) {
            assertThat(outcome.stopped()).isTrue();
            firstHistory = outcome.history();
        }
        assertThat(checkpoint.exists()).isTrue();

        List<EpochResult> resumedEpochs = new ArrayList<>();
        DrsnTrainer second = new DrsnTrainer(config(3)).setCheckpoint(checkpoint, true).setListener(resumedEpochs::add);
        try (TrainingOutcome outcome = second.train(data.windows, data.labels)) {
            assertThat(outcome.stopped()).isFalse();
            assertThat(resumedEpochs).extracting(EpochResult::epoch).containsExactly(2, 3);
            assertThat(outcome.history()).extracting(EpochResult::epoch).containsExactly(1, 2, 3);
            assertThat(outcome.history().get(0)).isEqualTo(firstHistory.get(0));
        }
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
