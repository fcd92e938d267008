package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;

class DrivetrainKinematicsTest {

    @Test
    void skf6205FaultFrequenciesMatchTheTextbookOrders() {
        BearingGeometry bearing = BearingGeometry.skf6205();

        assertThat(bearing.bpfoOrder()).isCloseTo(3.585, withPercentage(0.5));
        assertThat(bearing.bpfiOrder()).isCloseTo(5.415, withPercentage(0.5));
        assertThat(bearing.bsfOrder()).isCloseTo(2.357, withPercentage(0.5));
        assertThat(bearing.ftfOrder()).isCloseTo(0.398, withPercentage(0.5));
    }

    @Test
    void contactAngleShiftsTheFaultFrequencies() {
        BearingGeometry angled = new BearingGeometry(9, 7.94, 39.04, Math.toRadians(40));

        assertThat(angled.bpfoOrder()).isGreaterThan(BearingGeometry.skf6205().bpfoOrder());
        assertThat(angled.bpfoOrder() + angled.bpfiOrder()).isCloseTo(9.0, within(1e-12));
    }

    @Test
    void planetaryOrdersFollowFromToothCounts() {
        PlanetaryGearbox gearbox = PlanetaryGearbox.defaultTwoStage();

        assertThat(gearbox.first().carrierOrder()).isCloseTo(28.0 / 128, within(1e-12));
        assertThat(gearbox.firstMeshOrder()).isCloseTo(100 * 28.0 / 128, within(1e-12));
        // Mesh frequency seen from the sun: Zs (fs - fc).
        assertThat(gearbox.firstMeshOrder()).isCloseTo(28 * (1 - 28.0 / 128), within(1e-12));
        assertThat(gearbox.firstPlanetPassOrder()).isCloseTo(4 * 28.0 / 128, within(1e-12));
        assertThat(gearbox.sunToothFaultOrder()).isCloseTo(3.125, within(1e-12));
        assertThat(gearbox.secondMeshOrder())
                .isCloseTo(100 * (20.0 / 120) * (28.0 / 128), within(1e-12));
        assertThat(1 / gearbox.outputOrder()).isCloseTo(128.0 / 28 * 120.0 / 20, within(1e-9));
    }

    @Test
    void ringMustFitSunAndPlanets() {
        assertThatThrownBy(() -> new PlanetaryStage(28, 36, 99, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ring teeth");
    }

    @Test
    void signatureOrdersNameTheRightFrequency() {
        Drivetrain drivetrain = Drivetrain.defaults();
        BearingGeometry b = drivetrain.bearing();

        assertThat(drivetrain.signatureOrder(HealthState.OUTER_RACE)).isEqualTo(b.bpfoOrder());
        assertThat(drivetrain.signatureOrder(HealthState.INNER_RACE)).isEqualTo(b.bpfiOrder());
        assertThat(drivetrain.signatureOrder(HealthState.BALL)).isEqualTo(2 * b.bsfOrder());
        assertThat(drivetrain.signatureOrder(HealthState.MISSING_TOOTH)).isEqualTo(3.125);
        assertThat(drivetrain.signatureOrder(HealthState.HEALTHY)).isNaN();
    }

    @Test
    void classIndexIsTheDeclarationOrderOfThePaper() {
        assertThat(HealthState.values())
                .containsExactly(
                        HealthState.HEALTHY,
                        HealthState.INNER_RACE,
                        HealthState.OUTER_RACE,
                        HealthState.BALL,
                        HealthState.ROOT_CRACK,
                        HealthState.SURFACE_PITTING,
                        HealthState.BROKEN_TOOTH,
                        HealthState.MISSING_TOOTH);
        assertThat(HealthState.fromClassIndex(7)).isEqualTo(HealthState.MISSING_TOOTH);
        assertThatThrownBy(() -> HealthState.fromClassIndex(8))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rampIntegratesSpeedExactly() {
        SpeedProfile ramp = SpeedProfile.ramp(20, 40, 1, 2);

        assertThat(ramp.hzAt(2)).isCloseTo(30, within(1e-12));
        assertThat(ramp.revolutionsAt(1)).isCloseTo(20, within(1e-12));
        assertThat(ramp.revolutionsAt(3)).isCloseTo(20 + 60, within(1e-9));
        assertThat(ramp.revolutionsAt(4)).isCloseTo(20 + 60 + 40, within(1e-9));
        // Numerical derivative equals the speed inside the ramp.
        double h = 1e-6;
        assertThat((ramp.revolutionsAt(2.5 + h) - ramp.revolutionsAt(2.5 - h)) / (2 * h))
                .isCloseTo(ramp.hzAt(2.5), within(1e-4));
    }
}
