package io.drsnstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The faults leave the signatures a vibration analyst would look for. */
class FaultSignatureTest {

    private static final double FS = 12_800;
    private static final double SHAFT_HZ = 30;
    // 2.56 s: 0.39 Hz resolution, enough to place a line within 2 %.
    private static final int LENGTH = 1 << 15;
    private static final double BAND_LOW = 2000;
    private static final double BAND_HIGH = 6000;
    private static final Drivetrain DRIVETRAIN = Drivetrain.defaults();

    private static float[] signal(HealthState state, double severity, long seed) {
        return new VibrationGenerator(
                        DRIVETRAIN,
                        FS,
                        SpeedProfile.constant(SHAFT_HZ),
                        0.5,
                        Timeline.constant(state, severity),
                        seed)
                .next(LENGTH);
    }

    private static EnvelopeSpectrum envelope(HealthState state, long seed) {
        return EnvelopeSpectrum.of(signal(state, 0.8, seed), FS, BAND_LOW, BAND_HIGH);
    }

    @Test
    void outerRaceEnvelopePeaksAtBpfo() {
        double bpfo = DRIVETRAIN.bearing().bpfoOrder() * SHAFT_HZ;
        EnvelopeSpectrum spectrum = envelope(HealthState.OUTER_RACE, 11);

        assertThat(spectrum.peakFrequency(0.5 * SHAFT_HZ, 1000)).isCloseTo(bpfo, withPercentage(2));
        assertThat(spectrum.maxAmplitudeNear(bpfo, 0.02))
                .isGreaterThan(20 * spectrum.medianAmplitude(10, 1000));
    }

    @Test
    void innerRaceEnvelopePeaksAtBpfiWithShaftSidebands() {
        double bpfi = DRIVETRAIN.bearing().bpfiOrder() * SHAFT_HZ;
        EnvelopeSpectrum spectrum = envelope(HealthState.INNER_RACE, 12);
        double background = spectrum.medianAmplitude(10, 1000);

        assertThat(spectrum.peakFrequency(2 * SHAFT_HZ, 1000)).isCloseTo(bpfi, withPercentage(2));
        assertThat(spectrum.maxAmplitudeNear(bpfi, 0.02)).isGreaterThan(20 * background);
        // Sidebands at BPFI +- fr from the shaft-rate load-zone modulation, clear of the background
        // and below the carrier line.
        double lower = spectrum.maxAmplitudeNear(bpfi - SHAFT_HZ, 0.01);
        double upper = spectrum.maxAmplitudeNear(bpfi + SHAFT_HZ, 0.01);
        assertThat(lower)
                .isGreaterThan(5 * background)
                .isLessThan(spectrum.maxAmplitudeNear(bpfi, 0.02));
        assertThat(upper)
                .isGreaterThan(5 * background)
                .isLessThan(spectrum.maxAmplitudeNear(bpfi, 0.02));
    }

    @Test
    void ballEnvelopePeaksAtTwiceBallSpin() {
        double twoBsf = 2 * DRIVETRAIN.bearing().bsfOrder() * SHAFT_HZ;
        EnvelopeSpectrum spectrum = envelope(HealthState.BALL, 13);

        assertThat(spectrum.peakFrequency(0.5 * SHAFT_HZ, 1000))
                .isCloseTo(twoBsf, withPercentage(2));
        assertThat(spectrum.maxAmplitudeNear(twoBsf, 0.02))
                .isGreaterThan(20 * spectrum.medianAmplitude(10, 1000));
    }

    @Test
    void healthyEnvelopeHasNoBearingLines() {
        EnvelopeSpectrum healthy = envelope(HealthState.HEALTHY, 14);
        EnvelopeSpectrum outer = envelope(HealthState.OUTER_RACE, 14);
        double background = healthy.medianAmplitude(10, 1000);
        BearingGeometry b = DRIVETRAIN.bearing();

        for (double order : new double[] {b.bpfoOrder(), b.bpfiOrder(), 2 * b.bsfOrder()}) {
            double line = healthy.maxAmplitudeNear(order * SHAFT_HZ, 0.02);
            assertThat(line).as("healthy envelope at %.1f x fr", order).isLessThan(5 * background);
        }
        assertThat(healthy.maxAmplitudeNear(b.bpfoOrder() * SHAFT_HZ, 0.02))
                .isLessThan(0.05 * outer.maxAmplitudeNear(b.bpfoOrder() * SHAFT_HZ, 0.02));
    }

    @ParameterizedTest
    @EnumSource(
            value = HealthState.class,
            names = {"ROOT_CRACK", "SURFACE_PITTING", "BROKEN_TOOTH", "MISSING_TOOTH"})
    void gearFaultsPutSidebandsAroundTheMesh(HealthState state) {
        float[] healthy = signal(HealthState.HEALTHY, 0, 21);
        float[] faulty = signal(state, 0.8, 21);
        double[] healthySpectrum = SignalMath.amplitudeSpectrum(healthy);
        double[] faultySpectrum = SignalMath.amplitudeSpectrum(faulty);
        double bin = FS / LENGTH;
        double mesh = DRIVETRAIN.gearbox().firstMeshOrder() * SHAFT_HZ;
        double tooth = DRIVETRAIN.gearbox().sunToothFaultOrder() * SHAFT_HZ;

        for (double sideband : new double[] {mesh - tooth, mesh + tooth}) {
            assertThat(SignalMath.maxNear(faultySpectrum, bin, sideband, 2))
                    .as("%s sideband at %.1f Hz", state, sideband)
                    .isGreaterThan(10 * SignalMath.maxNear(healthySpectrum, bin, sideband, 2));
        }
    }

    @ParameterizedTest
    @EnumSource(value = HealthState.class, names = "HEALTHY", mode = EnumSource.Mode.EXCLUDE)
    void faultPowerIsNoticeableButNotDominant(HealthState state) {
        // Same seed: the healthy part is identical, so the difference is the fault alone.
        double ratio = 0;
        int windows = 12;
        for (int seed = 0; seed < windows; seed++) {
            float[] healthy =
                    new VibrationGenerator(
                                    DRIVETRAIN,
                                    FS,
                                    SpeedProfile.constant(SHAFT_HZ),
                                    0.5,
                                    Timeline.constant(HealthState.HEALTHY, 0),
                                    seed)
                            .next(2048);
            float[] faulty =
                    new VibrationGenerator(
                                    DRIVETRAIN,
                                    FS,
                                    SpeedProfile.constant(SHAFT_HZ),
                                    0.5,
                                    Timeline.constant(state, 0.75),
                                    seed)
                            .next(2048);
            ratio +=
                    SignalMath.meanSquare(SignalMath.difference(faulty, healthy))
                            / NoiseInjector.meanSquare(healthy, 0, healthy.length);
        }
        ratio /= windows;

        if (state.isBearingFault()) {
            assertThat(ratio).isBetween(0.10, 0.50);
        } else {
            assertThat(ratio).isBetween(0.04, 0.50);
        }
    }

    @Test
    void missingToothIsStrongerThanBrokenTooth() {
        float[] healthy = signal(HealthState.HEALTHY, 0, 5);
        double broken =
                SignalMath.meanSquare(
                        SignalMath.difference(signal(HealthState.BROKEN_TOOTH, 0.8, 5), healthy));
        double missing =
                SignalMath.meanSquare(
                        SignalMath.difference(signal(HealthState.MISSING_TOOTH, 0.8, 5), healthy));

        assertThat(missing).isGreaterThan(1.5 * broken);
    }

    @Test
    void severityScalesTheFault() {
        float[] healthy = signal(HealthState.HEALTHY, 0, 6);
        double weak =
                SignalMath.meanSquare(
                        SignalMath.difference(signal(HealthState.OUTER_RACE, 0.25, 6), healthy));
        double strong =
                SignalMath.meanSquare(
                        SignalMath.difference(signal(HealthState.OUTER_RACE, 1.0, 6), healthy));

        // Amplitude is linear in severity, so power grows with its square (16x), up to impact
        // jitter.
        assertThat(strong / weak).isCloseTo(16, withPercentage(5));
    }
}
