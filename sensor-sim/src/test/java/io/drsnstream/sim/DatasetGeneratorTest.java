package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static DatasetSpec small(long seed) {
        return DatasetSpec.builder().windowsPerCombination(3).windowLength(512).seed(seed).build();
    }

    @Test
    void sameSeedGivesBitIdenticalData() {
        Dataset a = new DatasetGenerator(small(5)).generate();
        Dataset b = new DatasetGenerator(small(5)).generate();

        assertThat(a.windows()).isDeepEqualTo(b.windows());
        assertThat(a.labels()).isEqualTo(b.labels());
        assertThat(a.shaftHz()).isEqualTo(b.shaftHz());
        assertThat(a.severities()).isEqualTo(b.severities());
    }

    @Test
    void differentSeedsGiveDifferentWindows() {
        Dataset a = new DatasetGenerator(small(5)).generate();
        Dataset b = new DatasetGenerator(small(6)).generate();

        for (int i = 0; i < a.size(); i++) {
            assertThat(a.windows()[i]).as("window %d", i).isNotEqualTo(b.windows()[i]);
        }
    }

    @Test
    void windowsOfOneCombinationDiffer() {
        Dataset a = new DatasetGenerator(small(5)).generate();

        assertThat(a.windows()[0]).isNotEqualTo(a.windows()[1]);
        assertThat(a.severities()[a.size() - 1]).isNotEqualTo(a.severities()[a.size() - 2]);
    }

    @Test
    void parallelGenerationEqualsOneWindowAtATime() {
        DatasetSpec spec = small(9);
        DatasetGenerator generator = new DatasetGenerator(spec);
        Dataset all = generator.generate();

        for (int i = spec.windowCount() - 1; i >= 0; i -= 7) {
            LabelledWindow w = generator.window(i);
            assertThat(w.samples()).isEqualTo(all.windows()[i]);
            assertThat(w.state().classIndex()).isEqualTo(all.labels()[i]);
        }
    }

    @Test
    void labelsAndConditionsFollowTheDocumentedOrder() {
        DatasetSpec spec = small(1);
        Dataset data = new DatasetGenerator(spec).generate();

        assertThat(data.size()).isEqualTo(8 * 3 * 3 * 3);
        for (int i = 0; i < data.size(); i++) {
            int combination = i / 3;
            int state = combination / 9;
            int speed = combination / 3 % 3;
            int load = combination % 3;
            assertThat(data.labels()[i]).isEqualTo(state);
            assertThat((double) data.shaftHz()[i])
                    .isCloseTo(spec.speedsHz().get(speed), within(0.41));
            assertThat((double) data.loads()[i]).isEqualTo(spec.loads().get(load));
            if (state == 0) {
                assertThat(data.severities()[i]).isZero();
            } else {
                assertThat(data.severities()[i]).isBetween(0.5f, 1.0f);
            }
        }
    }

    @Test
    void specNoiseIsAddedAtTheRequestedSnr() {
        DatasetSpec clean =
                DatasetSpec.builder()
                        .states(List.of(HealthState.OUTER_RACE))
                        .speedsHz(List.of(30.0))
                        .loads(List.of(0.5))
                        .windowsPerCombination(4)
                        .seed(3)
                        .build();
        DatasetSpec noisy = clean.toBuilder().noise(NoiseType.WHITE_GAUSSIAN, 0).build();
        Dataset a = new DatasetGenerator(clean).generate();
        Dataset b = new DatasetGenerator(noisy).generate();

        for (int i = 0; i < a.size(); i++) {
            double noise =
                    SignalMath.meanSquare(SignalMath.difference(b.windows()[i], a.windows()[i]));
            double signal = NoiseInjector.meanSquare(a.windows()[i], 0, a.windows()[i].length);
            assertThat(10 * Math.log10(signal / noise)).isCloseTo(0, within(0.5));
        }
    }

    @Test
    void windowsAreFiniteAndOfSensibleSize() {
        Dataset data = new DatasetGenerator(small(2)).generate();

        for (float[] w : data.windows()) {
            double rms = Math.sqrt(NoiseInjector.meanSquare(w, 0, w.length));
            assertThat(rms).isBetween(0.3, 5.0);
            for (float v : w) {
                assertThat(Float.isFinite(v)).isTrue();
            }
        }
    }
}
