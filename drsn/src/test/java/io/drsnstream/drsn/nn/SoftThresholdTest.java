package io.drsnstream.drsn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class SoftThresholdTest {

    @Test
    void shrinksTowardsZeroAndKeepsSigns() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x =
                    manager.create(
                            new float[] {-3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f}, new Shape(1, 1, 7));
            NDArray t = manager.create(new float[] {0.8f}, new Shape(1, 1, 1));
            float[] y = SoftThreshold.apply(x, t).toFloatArray();
            assertThat(y)
                    .containsExactly(
                            new float[] {-2.2f, -0.2f, 0f, 0f, 0f, 0.2f, 2.2f}, within(1e-6f));
        }
    }

    @Test
    void broadcastsOneThresholdPerSampleAndChannel() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // (N=2, C=2, W=2); thresholds (2, 2, 1)
            NDArray x =
                    manager.create(new float[] {1, -2, 1, -2, 1, -2, 1, -2}, new Shape(2, 2, 2));
            NDArray t = manager.create(new float[] {0.5f, 1.5f, 1f, 0f}, new Shape(2, 2, 1));
            float[] y = SoftThreshold.apply(x, t).toFloatArray();
            assertThat(y)
                    .containsExactly(
                            new float[] {0.5f, -1.5f, 0f, -0.5f, 0f, -1f, 1f, -2f}, within(1e-6f));
        }
    }

    @Test
    void gradientIsOneOutsideAndZeroInsideTheThreshold() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x =
                    manager.create(
                            new float[] {-3f, -1f, -0.5f, 0.5f, 1f, 3f, 2f}, new Shape(1, 1, 7));
            NDArray t = manager.create(new float[] {0.8f}, new Shape(1, 1, 1));
            x.setRequiresGradient(true);
            t.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(SoftThreshold.apply(x, t).sum());
            }
            assertThat(x.getGradient().toFloatArray())
                    .containsExactly(new float[] {1, 1, 0, 0, 1, 1, 1}, within(1e-6f));
            // d(sum y)/dt = -sum(sign(x)) over |x| > t = -(-1 - 1 + 1 + 1 + 1) = -1
            assertThat(t.getGradient().getFloat()).isCloseTo(-1f, within(1e-6f));
        }
    }

    @Test
    void zeroShareCountsZeroedFeaturesPerSample() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray y = manager.create(new float[] {0, 1, 0, 0, 2, 3, 4, 0}, new Shape(2, 2, 2));
            assertThat(SoftThreshold.zeroShare(y).toFloatArray())
                    .containsExactly(new float[] {0.75f, 0.25f}, within(1e-6f));
        }
    }
}
