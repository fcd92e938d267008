package io.drsnstream.bench.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The defaults are chosen by false alerts first, then misses, then speed at the demo's noise. */
class PolicyChoiceTest {

    private static final PolicySpec FAST = PolicySpec.parse("4/5/3");
    private static final PolicySpec MIDDLE = PolicySpec.parse("8/10/8");
    private static final PolicySpec SLOW = PolicySpec.parse("40/50/40");
    private static final PolicySpec OTHER_THRESHOLD = PolicySpec.parse("3/10/8@0.99");

    private static PolicyResult result(
            PolicySpec spec, int falseAlerts, int neverRaised, Double median) {
        return new PolicyResult(
                spec.toString(),
                0.7f,
                new FalseAlertFigures(20, 20, falseAlerts, falseAlerts / 20.0, falseAlerts, 0),
                new DetectionFigures(
                        70, 70 - neverRaised, neverRaised, 0, 0, 0, median, median, median),
                Map.of(),
                List.of());
    }

    private static ConditionResult condition(String name, PolicyResult... policies) {
        return new ConditionResult(
                name, 3600, new WindowFigures(0, 0, 0, 0, 0), List.of(policies), 1, 1);
    }

    @Test
    void fewestFalseAlertsOverEveryConditionComeFirst() {
        List<ConditionResult> results =
                List.of(
                        condition(
                                "white_gaussian:5",
                                result(FAST, 0, 0, 1.0),
                                result(MIDDLE, 0, 0, 2.0),
                                result(SLOW, 0, 5, 7.0),
                                result(OTHER_THRESHOLD, 0, 0, 0.5)),
                        condition(
                                "white_gaussian:0",
                                result(FAST, 3, 0, 1.0),
                                result(MIDDLE, 0, 0, 2.0),
                                result(SLOW, 0, 9, 8.0),
                                result(OTHER_THRESHOLD, 0, 0, 0.5)));

        // FAST raises false alerts at 0 dB; SLOW misses more faults; the other threshold is not
        // a candidate for the defaults.
        assertThat(
                        PolicyChoice.choose(
                                results,
                                List.of(FAST, MIDDLE, SLOW, OTHER_THRESHOLD),
                                "white_gaussian:5"))
                .isEqualTo(MIDDLE);
    }

    @Test
    void amongEquallyQuietPoliciesTheFasterAtTheDemosNoiseWins() {
        List<ConditionResult> results =
                List.of(
                        condition(
                                "white_gaussian:5",
                                result(FAST, 0, 1, 1.0),
                                result(MIDDLE, 0, 1, 2.0),
                                result(SLOW, 0, 1, null)));

        assertThat(PolicyChoice.choose(results, List.of(SLOW, MIDDLE, FAST), "white_gaussian:5"))
                .isEqualTo(FAST);
    }

    @Test
    void policiesAndConditionsReadWhatTheyWrite() {
        assertThat(PolicySpec.parse("8/10/8").toString()).isEqualTo("8/10/8");
        assertThat(PolicySpec.parse("3/10/8@0.9").toString()).isEqualTo("3/10/8@0.9");
        assertThat(PolicySpec.parse("8/10/8").calibratedThreshold()).isTrue();
        for (String condition : List.of("clean", "white_gaussian:5", "laplacian:0", "pink:-2.5")) {
            assertThat(Condition.parse(condition).toString()).isEqualTo(condition);
        }
        assertThat(Condition.parse("WHITE_GAUSSIAN:10"))
                .isEqualTo(Condition.parse("white_gaussian:10"));
    }
}
