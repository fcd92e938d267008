package io.drsnstream.drsn.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DrsnNetworkTest {

    /*
     * Trainable parameters of the paper's network (Table II), by hand. Conv1d(out, in, k=3) has
     * out*in*3 + out, BN(C) 2C (gamma, beta; running statistics are not trained), FC(out, in)
     * out*in + out.
     *
     * stem Conv1d(4, 1):                          4*1*3 + 4            =    16
     * unit base (BN(Cin), conv(C,Cin), BN(C), conv(C,C)):
     *   stage 1, Cin 4,  C 4:  8 + 52 + 8 + 52    = 120, x4            =   480
     *   stage 2, Cin 4,  C 8:  8 + 104 + 16 + 200 = 328
     *            Cin 8,  C 8: 16 + 200 + 16 + 200 = 432, x3 = 1296      =  1624
     *   stage 3, Cin 8,  C 16: 16 + 400 + 32 + 784 = 1232
     *            Cin 16, C 16: 32 + 784 + 32 + 784 = 1632, x3 = 4896    =  6128
     * head BN(16) 32 + FC(8, 16) 136                                    =   168
     * ResNet = ConvNet (shortcuts have no parameters)                   =  8416
     * CW branch FC(C,C) + BN(C) + FC(C,C) = 2C^2 + 4C: C=4 48, C=8 160, C=16 576;
     *   x4 units each: 4 * (48 + 160 + 576) = 3136     DRSN-CW = 11552 (paper: ~11.5 k)
     * CS branch FC(C,C) + BN(C) + FC(1,C) = C^2 + 4C + 1: 33, 97, 321;
     *   4 * (33 + 97 + 321) = 1804                      DRSN-CS = 10220
     */
    @ParameterizedTest
    @CsvSource({"DRSN_CW, 11552", "DRSN_CS, 10220", "RESNET, 8416", "CONVNET, 8416"})
    void paperNetworkHasTheExpectedShapesAndParameterCount(
            Architecture architecture, long expected) {
        try (NDManager manager = NDManager.newBaseManager()) {
            DrsnNetwork network = DrsnNetwork.builder().setArchitecture(architecture).build();
            assertThat(network.getSpec()).isEqualTo(NetworkSpec.paper(architecture));
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2048));
            assertThat(network.countTrainableParameters()).isEqualTo(expected);
            assertThat(network.getUnits()).hasSize(12);

            NDArray x = manager.randomNormal(new Shape(2, 1, 2048));
            NDList out = network.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out).hasSize(2);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 8));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(2));
            float[] shrinkage = out.get(1).toFloatArray();
            if (architecture.thresholdMode() == ThresholdMode.NONE) {
                assertThat(shrinkage).containsOnly(0f);
            } else {
                for (float s : shrinkage) {
                    assertThat(s).isGreaterThan(0f).isLessThan(1f);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void widthsAndClassesAreParameters(Architecture architecture) {
        try (NDManager manager = NDManager.newBaseManager()) {
            DrsnNetwork network =
                    DrsnNetwork.builder()
                            .setArchitecture(architecture)
                            .optInputLength(300)
                            .optStageWidths(2, 6)
                            .optUnitsPerStage(2)
                            .optClasses(3)
                            .build();
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 300));
            NDArray x = manager.randomNormal(new Shape(4, 1, 300));
            NDList out = network.forward(new ParameterStore(manager, false), new NDList(x), true);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(4, 3));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(4));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Architecture.class,
            names = {"DRSN_CW", "CONVNET"})
    void weightsUseHeInitialisation(Architecture architecture) {
        try (NDManager manager = NDManager.newBaseManager()) {
            DrsnNetwork network = DrsnNetwork.builder().setArchitecture(architecture).build();
            network.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 2048));
            // the last unit's second conv: (16, 16, 3), fan_in 48, He std sqrt(2/48) = 0.204
            NDArray w =
                    network.getUnits().get(11).getParameters().values().stream()
                            .filter(p -> p.getArray().getShape().equals(new Shape(16, 16, 3)))
                            .reduce((a, b) -> b)
                            .orElseThrow()
                            .getArray();
            float mean = w.mean().getFloat();
            float std = (float) Math.sqrt(w.sub(mean).square().mean().getFloat());
            assertThat(std).isCloseTo((float) Math.sqrt(2.0 / 48), within(0.03f));
        }
    }
}
