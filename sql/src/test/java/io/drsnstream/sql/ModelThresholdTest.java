package io.drsnstream.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.testing.RepositoryLayout;
import java.util.Map;
import org.apache.flink.table.api.ValidationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code drsn} model's anomaly threshold is chosen as the DataStream job chooses it: the
 * option, else the calibrated threshold in {@code model.json}, else 0.5. Uses the committed
 * model's metadata, with and without its calibrated threshold.
 */
class ModelThresholdTest {

    private static ModelMetadata calibrated;
    private static ModelMetadata uncalibrated;

    @BeforeAll
    static void readTheCommittedModel() throws Exception {
        calibrated = ModelArtifact.verify(RepositoryLayout.committedModel());
        uncalibrated = calibrated.toBuilder().setAnomalyThreshold(null, Map.of()).build();
    }

    @Test
    void theCalibratedThresholdIsUsedWithoutTheOption() {
        assertThat(calibrated.anomalyThreshold()).isPresent();

        ModelThreshold threshold = ModelThreshold.choose(null, calibrated);

        assertThat(threshold.value())
                .isEqualTo((float) calibrated.anomalyThreshold().getAsDouble());
        assertThat(threshold.source()).contains("calibrated").contains(calibrated.version());
    }

    @Test
    void theOptionWinsOverTheCalibratedThreshold() {
        ModelThreshold threshold = ModelThreshold.choose(0.3, calibrated);

        assertThat(threshold.value()).isEqualTo(0.3f);
        assertThat(threshold.source()).contains("'anomaly.threshold'");
    }

    @Test
    void aModelWithoutCalibratedThresholdFallsBackToOneHalf() {
        ModelThreshold threshold = ModelThreshold.choose(null, uncalibrated);

        assertThat(threshold.value()).isEqualTo(0.5f);
        assertThat(threshold.source()).contains("not calibrated");
    }

    @Test
    void anOptionOutsideZeroToOneIsRejected() {
        for (double bad : new double[] {0, -0.1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> ModelThreshold.choose(bad, calibrated))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("'anomaly.threshold' must be in (0, 1]");
        }
    }
}
