package io.drsnstream.drsn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.drsnstream.drsn.SyntheticSignals;
import io.drsnstream.drsn.TestModels;
import io.drsnstream.drsn.nn.Architecture;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScorerTest {

    private static ModelArtifact artifact;
    private static float[][] windows;

    @BeforeAll
    static void train() {
        artifact =
                ModelArtifact.of(
                        TestModels.briefTraining(Architecture.DRSN_CS).model(),
                        TestModels.metadata(Architecture.DRSN_CS));
        windows =
                SyntheticSignals.generate(TestModels.CLASSES, 6, TestModels.LENGTH, 0.3, 3).windows;
    }

    @AfterAll
    static void close() {
        artifact.close();
    }

    @Test
    void matchesSoftmaxOfADirectForwardPass() {
        List<ScoreResult> results;
        try (Scorer scorer = artifact.newScorer()) {
            results = scorer.score(windows);
        }
        assertThat(results).hasSize(windows.length);
        int n = windows.length;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] flat = new float[n * TestModels.LENGTH];
            for (int i = 0; i < n; i++) {
                float[] normalised = InputNormalization.PER_WINDOW_STANDARDIZE.apply(windows[i]);
                System.arraycopy(normalised, 0, flat, i * TestModels.LENGTH, TestModels.LENGTH);
            }
            NDArray x = manager.create(flat, new Shape(n, 1, TestModels.LENGTH));
            NDList out =
                    artifact.getNetwork()
                            .forward(new ParameterStore(manager, false), new NDList(x), false);
            float[] probabilities = out.get(0).softmax(1).toFloatArray();
            float[] shrinkage = out.get(1).toFloatArray();
            NoiseFloorEstimator noiseFloor = new NoiseFloorEstimator(TestModels.LENGTH);
            for (int i = 0; i < n; i++) {
                ScoreResult r = results.get(i);
                float[] expected = new float[TestModels.CLASSES];
                System.arraycopy(
                        probabilities, i * TestModels.CLASSES, expected, 0, TestModels.CLASSES);
                assertThat(r.probabilities()).containsExactly(expected, within(1e-6f));
                int best = 0;
                for (int c = 1; c < expected.length; c++) {
                    if (expected[c] > expected[best]) {
                        best = c;
                    }
                }
                assertThat(r.classIndex()).isEqualTo(best);
                assertThat(r.label()).isEqualTo(TestModels.LABELS.get(best));
                assertThat(r.confidence()).isEqualTo(expected[best]);
                assertThat(r.anomalyScore()).isCloseTo(1f - expected[0], within(1e-6f));
                assertThat(r.shrinkage()).isCloseTo(shrinkage[i], within(1e-6f)).isBetween(0f, 1f);
                assertThat(r.noiseLevel())
                        .as("from the raw window")
                        .isEqualTo(noiseFloor.noiseShare(windows[i]))
                        .isBetween(0f, 1f);
            }
        }
    }

    @Test
    void noiseLevelRisesWithTheNoiseInTheWindow() {
        java.util.Random random = new java.util.Random(17);
        float[] clean = new float[TestModels.LENGTH];
        float[] noisy = new float[TestModels.LENGTH];
        for (int t = 0; t < clean.length; t++) {
            clean[t] = (float) Math.sin(2 * Math.PI * t / 8.5);
            noisy[t] = clean[t] + (float) random.nextGaussian();
        }
        try (Scorer scorer = artifact.newScorer()) {
            List<ScoreResult> results = scorer.score(new float[][] {clean, noisy});
            assertThat(results.get(0).noiseLevel()).isLessThan(0.1f);
            assertThat(results.get(1).noiseLevel()).isGreaterThan(0.4f);
        }
    }

    @Test
    void wrongWindowLengthIsAClearError() {
        try (Scorer scorer = artifact.newScorer()) {
            float[][] bad = {windows[0], new float[100]};
            assertThatThrownBy(() -> scorer.score(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Window 1 has 100 samples")
                    .hasMessageContaining("expects windows of 128");
        }
    }

    @Test
    void largeCallsAreSplitIntoBatchesWithTheSameResults() {
        try (Scorer whole = artifact.newScorer();
                Scorer split = artifact.newScorer(5)) {
            List<ScoreResult> a = whole.score(windows);
            List<ScoreResult> b = split.score(windows);
            for (int i = 0; i < windows.length; i++) {
                assertThat(b.get(i).probabilities())
                        .containsExactly(a.get(i).probabilities(), within(1e-6f));
                assertThat(b.get(i).noiseLevel()).isEqualTo(a.get(i).noiseLevel());
            }
        }
    }

    @Test
    void repeatedScoringLeavesNothingAttachedToTheModelManager() {
        NDManager modelManager = artifact.getModel().getNDManager();
        int before = modelManager.getManagedArrays().size();
        try (Scorer scorer = artifact.newScorer()) {
            scorer.score(windows);
            int afterFirst = modelManager.getManagedArrays().size();
            for (int i = 0; i < 200; i++) {
                scorer.score(i % 2 == 0 ? windows : new float[][] {windows[i % windows.length]});
            }
            assertThat(modelManager.getManagedArrays()).hasSize(afterFirst);
            assertThat(afterFirst).isEqualTo(before);
        }
        assertThat(modelManager.getManagedArrays()).hasSize(before);
    }

    @Test
    void scorersOnSeveralThreadsShareOneModel() throws Exception {
        List<ScoreResult> expected;
        try (Scorer scorer = artifact.newScorer()) {
            expected = scorer.score(windows);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<ScoreResult>>> futures =
                    pool.invokeAll(List.of(() -> scoreRepeatedly(), () -> scoreRepeatedly()));
            for (Future<List<ScoreResult>> f : futures) {
                List<ScoreResult> got = f.get();
                for (int i = 0; i < windows.length; i++) {
                    assertThat(got.get(i).probabilities())
                            .containsExactly(expected.get(i).probabilities(), within(1e-6f));
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<ScoreResult> scoreRepeatedly() {
        try (Scorer scorer = artifact.newScorer()) {
            List<ScoreResult> last = null;
            for (int i = 0; i < 20; i++) {
                last = scorer.score(windows);
            }
            return last;
        }
    }

    @Test
    void closedScorerRefusesWork() {
        Scorer scorer = artifact.newScorer();
        scorer.close();
        assertThatThrownBy(() -> scorer.score(windows)).isInstanceOf(IllegalStateException.class);
    }
}
