package io.drsnstream.sim;

/**
 * The simulated machine: a motor-driven input shaft carrying the monitored rolling bearing and
 * driving a two-stage planetary gearbox. The accelerometer sits on the gearbox housing.
 *
 * @param gearbox the planetary gearbox
 * @param bearing the rolling bearing on the input shaft
 */
public record Drivetrain(PlanetaryGearbox gearbox, BearingGeometry bearing) {

    /** Validates that both parts are given. */
    public Drivetrain {
        if (gearbox == null || bearing == null) {
            throw new IllegalArgumentException("gearbox and bearing are required");
        }
    }

    /** The default machine: {@link PlanetaryGearbox#defaultTwoStage()} and {@link BearingGeometry#skf6205()}. */
    public static Drivetrain defaults() {
        return new Drivetrain(PlanetaryGearbox.defaultTwoStage(), BearingGeometry.skf6205());
    }

    /**
     * The repetition rate of the fault signature of a state, as a multiple of the input shaft
     * frequency: BPFO, BPFI, 2 x BSF (a ball defect strikes both races once per spin), or the
     * sun-tooth meshing rate for gear faults. {@code NaN} for {@link HealthState#HEALTHY}.
     */
    public double signatureOrder(HealthState state) {
        return switch (state) {
            case HEALTHY -> Double.NaN;
            case OUTER_RACE -> bearing.bpfoOrder();
            case INNER_RACE -> bearing.bpfiOrder();
            case BALL -> 2 * bearing.bsfOrder();
            case ROOT_CRACK, SURFACE_PITTING, BROKEN_TOOTH, MISSING_TOOTH ->
                    gearbox.sunToothFaultOrder();
        };
    }
}
