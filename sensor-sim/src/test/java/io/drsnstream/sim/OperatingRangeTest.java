package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data sets over a continuous operating range. */
class OperatingRangeTest {

    @TempDir Path tmp;

    private static DatasetSpec spec() {
        return DatasetSpec.builder()
                .states(List.of(HealthState.HEALTHY, HealthState.HEALTHY, HealthState.OUTER_RACE))
                .range(new OperatingRange(15, 45, 0, 1))
                .windowsPerCombination(40)
                .windowLength(256)
                .seed(3)
                .build();
    }

    @Test
    void speedsAndLoadsSpreadOverTheRangeNotOnAGrid() {
        Dataset d = new DatasetGenerator(spec()).generate();
        assertThat(d.size()).isEqualTo(120);
        Set<Float> speeds = new HashSet<>();
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.shaftHz()[i]).isBetween(15f, 45f);
            assertThat(d.loads()[i]).isBetween(0f, 1f);
            speeds.add(d.shaftHz()[i]);
        }
        assertThat(speeds).hasSize(120);
        // Both halves of the range are used, for slow and fast speeds alike.
        assertThat(speeds.stream().filter(s -> s < 22).count()).isPositive();
        assertThat(speeds.stream().filter(s -> s > 38).count()).isPositive();
        // A state named twice gives twice its windows, all distinct.
        assertThat(
                        java.util.Arrays.stream(d.labels())
                                .filter(l -> l == HealthState.HEALTHY.classIndex())
                                .count())
                .isEqualTo(80);
        assertThat(d.windows()[0]).isNotEqualTo(d.windows()[40]);
    }

    @Test
    void theRangeSurvivesTheDataSetFile() throws Exception {
        Dataset d = new DatasetGenerator(spec()).generate();
        Path file = tmp.resolve("range.drsnsim");
        DatasetFile.write(d, file);
        Dataset back = DatasetFile.read(file);
        assertThat(back.spec()).isEqualTo(d.spec());
        assertThat(back.spec().range()).isEqualTo(new OperatingRange(15, 45, 0, 1));
        assertThat(back.shaftHz()).containsExactly(d.shaftHz());
    }

    @Test
    void gridWindowsHaveNominalSpeedsAndRangeWindowsDoNot() {
        assertThatThrownBy(() -> spec().nominalSpeedOf(0))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new OperatingRange(0, 10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OperatingRange(20, 10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
