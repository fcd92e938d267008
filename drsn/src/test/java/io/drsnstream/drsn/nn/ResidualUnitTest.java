package io.drsnstream.drsn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResidualUnitTest {

    private static long trainable(ResidualUnit unit) {
        return unit.getParameters().values().stream()
                .filter(Parameter::requiresGradient)
                .mapToLong(p -> p.getArray().size())
                .sum();
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void stride2UnitHalvesTheWidthAndGrowsChannels(Architecture architecture) {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResidualUnit unit =
                    ResidualUnit.builder()
                            .setChannels(8)
                            .optStride(2)
                            .optArchitecture(architecture)
                            .build();
            unit.initialize(manager, DataType.FLOAT32, new Shape(3, 4, 101));
            NDArray x = manager.randomNormal(new Shape(3, 4, 101));
            NDList out = unit.forward(new ParameterStore(manager, false), new NDList(x), true);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(3, 8, 51));
            boolean thresholds = architecture.thresholdMode() != ThresholdMode.NONE;
            assertThat(out.size()).isEqualTo(thresholds ? 2 : 1);
            assertThat(unit.getOutputShapes(new Shape[] {new Shape(3, 4, 101)}))
                    .hasSize(out.size());
            if (thresholds) {
                assertThat(out.get(1).getShape()).isEqualTo(new Shape(3));
                // Not computed while training (nothing reads it there) ...
                assertThat(out.get(1).toFloatArray()).containsOnly(0f);
                // ... and in inference the share of zeroed features: some, not all.
                float[] share =
                        unit.forward(new ParameterStore(manager, false), new NDList(x), false)
                                .get(1)
                                .toFloatArray();
                for (float s : share) {
                    assertThat(s).isGreaterThan(0f).isLessThan(1f);
                }
            }
            // no ReLU after the add: negative features survive
            assertThat(out.get(0).lt(0f).any().getBoolean()).isTrue();
            // BN 2*4 + conv 8*4*3+8 + BN 2*8 + conv 8*8*3+8 = 8 + 104 + 16 + 200 = 328
            long base = 328;
            long expected =
                    switch (architecture) {
                        case DRSN_CW -> base + 160; // 2C^2 + 4C
                        case DRSN_CS -> base + 97; // C^2 + 4C + 1
                        default -> base;
                    };
            assertThat(trainable(unit)).isEqualTo(expected);
        }
    }

    @Test
    void shortcutIsTheSubsampledZeroPaddedIdentity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResidualUnit withShortcut =
                    ResidualUnit.builder()
                            .setChannels(4)
                            .optStride(2)
                            .optArchitecture(Architecture.RESNET)
                            .build();
            ResidualUnit without =
                    ResidualUnit.builder()
                            .setChannels(4)
                            .optStride(2)
                            .optArchitecture(Architecture.CONVNET)
                            .build();
            Shape in = new Shape(2, 2, 10);
            withShortcut.initialize(manager, DataType.FLOAT32, in);
            without.initialize(manager, DataType.FLOAT32, in);
            // same weights in both: copy the residual path's parameters over
            var from = withShortcut.getParameters();
            var to = without.getParameters();
            for (int i = 0; i < from.size(); i++) {
                from.valueAt(i).getArray().copyTo(to.valueAt(i).getArray());
            }
            NDArray x = manager.randomNormal(in);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray a = withShortcut.forward(store, new NDList(x), false).head();
            NDArray b = without.forward(store, new NDList(x), false).head();
            NDArray shortcut = a.sub(b);
            float[] s = shortcut.toFloatArray();
            float[] xs = x.toFloatArray();
            // channels 0-1: x[:, c, ::2]; channels 2-3: zeros
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < 4; c++) {
                    for (int w = 0; w < 5; w++) {
                        float expected = c < 2 ? xs[n * 20 + c * 10 + 2 * w] : 0f;
                        assertThat(s[n * 20 + c * 5 + w])
                                .isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void shrinkingChannelsIsRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ResidualUnit unit = ResidualUnit.builder().setChannels(4).build();
            assertThatThrownBy(
                            () -> unit.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 16)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("8 -> 4");
        }
    }
}
