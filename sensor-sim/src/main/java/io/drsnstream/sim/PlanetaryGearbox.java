package io.drsnstream.sim;

/**
 * A two-stage planetary gearbox: the input shaft drives the first-stage sun, the first-stage
 * carrier drives the second-stage sun, the second-stage carrier is the output.
 *
 * <p>All orders are multiples of the input shaft frequency {@code fr}.
 *
 * @param first the input stage
 * @param second the output stage
 */
public record PlanetaryGearbox(PlanetaryStage first, PlanetaryStage second) {

    /** Validates that both stages are given. */
    public PlanetaryGearbox {
        if (first == null || second == null) {
            throw new IllegalArgumentException("both stages are required");
        }
    }

    /**
     * The default gearbox: stage 1 sun 28, planets 4 x 36, ring 100 (ratio 4.57); stage 2 sun 20,
     * planets 3 x 40, ring 100 (ratio 6). Overall ratio 27.4.
     */
    public static PlanetaryGearbox defaultTwoStage() {
        return new PlanetaryGearbox(
                new PlanetaryStage(28, 36, 100, 4), new PlanetaryStage(20, 40, 100, 3));
    }

    /** Sun speed of the second stage as a multiple of the input speed. */
    public double secondStageInputOrder() {
        return first.carrierOrder();
    }

    /** First-stage tooth-mesh frequency / fr. */
    public double firstMeshOrder() {
        return first.meshOrder();
    }

    /** Second-stage tooth-mesh frequency / fr. */
    public double secondMeshOrder() {
        return second.meshOrder() * secondStageInputOrder();
    }

    /** First-stage planet-pass frequency / fr. */
    public double firstPlanetPassOrder() {
        return first.planetPassOrder();
    }

    /** Second-stage planet-pass frequency / fr. */
    public double secondPlanetPassOrder() {
        return second.planetPassOrder() * secondStageInputOrder();
    }

    /** Output (second carrier) speed / fr. */
    public double outputOrder() {
        return second.carrierOrder() * secondStageInputOrder();
    }

    /**
     * Rate at which a damaged first-stage sun tooth enters mesh, / fr: once per planet per
     * revolution of the sun relative to the carrier. 3.125 for the default gearbox.
     */
    public double sunToothFaultOrder() {
        return first.sunToothOrder();
    }
}
