package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.bench.pipeline.ChaosSchedule.FaultKind;
import io.drsnstream.bench.pipeline.ChaosSchedule.PlannedFault;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChaosScheduleTest {

    @Test
    void oneBrokerRestartAndTheFaultsEachFollowedByTheGapInsideTheSpan() {
        for (long seed = 0; seed < 50; seed++) {
            List<PlannedFault> faults = ChaosSchedule.plan(seed, 4, 1, 20, 300, 50).faults();

            assertThat(faults).hasSize(5);
            assertThat(faults.stream().filter(f -> f.kind() == FaultKind.BROKER_RESTART))
                    .hasSize(1);
            assertThat(faults.get(0).atSeconds()).isGreaterThanOrEqualTo(20);
            for (int i = 1; i < faults.size(); i++) {
                assertThat(faults.get(i).atSeconds() - faults.get(i - 1).atSeconds())
                        .isGreaterThanOrEqualTo(50 - 1e-9);
            }
            assertThat(faults.get(4).atSeconds()).isLessThanOrEqualTo(300 - 50 + 1e-9);
        }
    }

    @Test
    void severalBrokerRestartsEachFollowedByTheGap() {
        for (long seed = 0; seed < 50; seed++) {
            List<PlannedFault> faults = ChaosSchedule.plan(seed, 20, 3, 20, 1800, 50).faults();

            assertThat(faults).hasSize(23);
            assertThat(faults.stream().filter(f -> f.kind() == FaultKind.BROKER_RESTART))
                    .hasSize(3);
            for (int i = 1; i < faults.size(); i++) {
                assertThat(faults.get(i).atSeconds() - faults.get(i - 1).atSeconds())
                        .isGreaterThanOrEqualTo(50 - 1e-9);
            }
            assertThat(faults.get(22).atSeconds()).isLessThanOrEqualTo(1800 - 50 + 1e-9);
        }
    }

    @Test
    void theSameSeedGivesTheSameScheduleAndOthersDiffer() {
        assertThat(ChaosSchedule.plan(7, 3, 1, 20, 300, 50))
                .isEqualTo(ChaosSchedule.plan(7, 3, 1, 20, 300, 50));
        assertThat(ChaosSchedule.plan(7, 3, 1, 20, 300, 50))
                .isNotEqualTo(ChaosSchedule.plan(8, 3, 1, 20, 300, 50));
    }

    @Test
    void bothKindsOfFaultOccur() {
        long losses = 0;
        long failures = 0;
        for (long seed = 0; seed < 20; seed++) {
            for (PlannedFault f : ChaosSchedule.plan(seed, 4, 1, 20, 300, 50).faults()) {
                losses += f.kind() == FaultKind.TASKMANAGER_LOSS ? 1 : 0;
                failures += f.kind() == FaultKind.TASK_FAILURE ? 1 : 0;
            }
        }
        assertThat(losses).isPositive();
        assertThat(failures).isPositive();
        assertThat(losses + failures).isEqualTo(20 * 4);
    }

    @Test
    void aSpanTooShortIsAClearError() {
        assertThatThrownBy(() -> ChaosSchedule.plan(1, 4, 1, 20, 180, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 250 s of load");
    }
}
