package io.drsnstream.drsn.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Guards the training runs against a native kernel fault rather than testing project code: on
 * this project's machines (AMD EPYC with AVX-512), oneDNN's AVX-512 backward convolution returned
 * a non-finite input gradient in about 1 of 1,000 identical calls (6 of 3,000 at this shape;
 * forward 0 of 5,000; the AVX2 kernels 0 of 5,000). In training that surfaced as sporadic NaN
 * batches and runs of one seed that differed. The build runs tests with
 * {@code ONEDNN_MAX_CPU_ISA=AVX2} (property {@code onednn.maxCpuIsa}); with
 * {@code -Donednn.maxCpuIsa=AVX512_CORE} this test failed in 1 of 2 runs there (the fault's rate
 * varies with load), so a pass alone proves little; a failure is a kernel fault or a lost
 * setting.
 */
class ConvolutionGradientStabilityTest {

    @Test
    void repeatedBackwardPassesGiveIdenticalFiniteGradients() {
        int repetitions = 2000;
        try (NDManager manager = NDManager.newBaseManager()) {
            manager.getEngine().setRandomSeed(1);
            // The shape of the unit where training first showed the NaN: 8 -> 8 channels, k = 3.
            NDArray input = manager.randomNormal(new Shape(32, 8, 64));
            NDArray weight = manager.randomNormal(new Shape(8, 8, 3));
            NDArray bias = manager.randomNormal(new Shape(8));
            NDArray upstream = manager.randomNormal(new Shape(32, 8, 64));
            input.setRequiresGradient(true);
            float[] first = null;
            int differing = 0;
            for (int r = 0; r < repetitions; r++) {
                try (NDManager call = manager.newSubManager()) {
                    try (GradientCollector collector =
                            Engine.getInstance().newGradientCollector()) {
                        NDArray output =
                                Conv1d.conv1d(
                                                input,
                                                weight,
                                                bias,
                                                new Shape(1),
                                                new Shape(1),
                                                new Shape(1),
                                                1)
                                        .singletonOrThrow();
                        output.attach(call);
                        NDArray loss = output.mul(upstream).sum();
                        collector.backward(loss);
                    }
                    NDArray gradient = input.getGradient();
                    gradient.attach(call);
                    float[] values = gradient.toFloatArray();
                    if (first == null) {
                        first = values;
                    } else if (!java.util.Arrays.equals(first, values)) {
                        differing++;
                    }
                    // Zero it in place: a NaN would survive DJL's own reset (grad - grad).
                    gradient.set(new NDIndex("..."), 0f);
                }
            }
            for (float value : first) {
                assertThat(value).isFinite();
            }
            assertThat(differing)
                    .as(
                            "backward passes (of %d) whose input gradient differed from the first; "
                                    + "ONEDNN_MAX_CPU_ISA=%s",
                            repetitions, System.getenv("ONEDNN_MAX_CPU_ISA"))
                    .isZero();
        }
    }
}
