package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TimelineTest {

    private final Timeline timeline =
            Timeline.builder()
                    .healthy(10)
                    .onset(HealthState.BROKEN_TOOTH, 20, 0.1, 0.9)
                    .noise(NoiseType.LAPLACIAN, -3)
                    .hold(HealthState.BROKEN_TOOTH, 5, 0.9)
                    .build();

    @Test
    void severityGrowsLinearlyOverTheOnsetAndHoldsAfterTheEnd() {
        assertThat(timeline.stateAt(-1)).isEqualTo(HealthState.HEALTHY);
        assertThat(timeline.severityAt(9.99)).isZero();
        assertThat(timeline.stateAt(10)).isEqualTo(HealthState.BROKEN_TOOTH);
        assertThat(timeline.severityAt(10)).isCloseTo(0.1, within(1e-12));
        assertThat(timeline.severityAt(20)).isCloseTo(0.5, within(1e-12));
        assertThat(timeline.severityAt(1000)).isEqualTo(0.9);
    }

    @Test
    void noiseAppliesToLaterPhases() {
        assertThat(timeline.phaseAt(15).noise()).isEqualTo(NoiseType.NONE);
        assertThat(timeline.phaseAt(31).noise()).isEqualTo(NoiseType.LAPLACIAN);
        assertThat(timeline.phaseAt(31).snrDb()).isEqualTo(-3);
        assertThat(timeline.faultStates()).containsExactly(HealthState.BROKEN_TOOTH);
    }

    @Test
    void invalidPhasesAreRejected() {
        assertThatThrownBy(() -> Timeline.builder().hold(HealthState.BALL, 1, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("severity");
        assertThatThrownBy(() -> Timeline.builder().healthy(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Timeline.builder().build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
