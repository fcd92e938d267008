package io.drsnstream.sim;

/**
 * Geometry of a rolling-element bearing and the fault frequencies it implies.
 *
 * <p>All frequencies are returned as <em>orders</em>: multiples of the rotation frequency
 * {@code fr} of the shaft carrying the inner race (outer race fixed). With
 * {@code r = (d / D) cos(phi)}:
 * <pre>
 *   FTF  = fr/2 (1 - r)          cage
 *   BPFO = n fr/2 (1 - r)        outer race
 *   BPFI = n fr/2 (1 + r)        inner race
 *   BSF  = D/(2d) fr (1 - r^2)   ball spin
 * </pre>
 *
 * @param rollingElements number of balls or rollers {@code n}
 * @param ballDiameterMm rolling element diameter {@code d}
 * @param pitchDiameterMm pitch diameter {@code D}
 * @param contactAngleRad contact angle {@code phi} in radians
 */
public record BearingGeometry(
        int rollingElements,
        double ballDiameterMm,
        double pitchDiameterMm,
        double contactAngleRad) {

    /** Validates the geometry: positive sizes and a ball smaller than the pitch circle. */
    public BearingGeometry {
        if (rollingElements < 1) {
            throw new IllegalArgumentException(
                    "rollingElements must be >= 1, was " + rollingElements);
        }
        if (!(ballDiameterMm > 0) || !(pitchDiameterMm > ballDiameterMm)) {
            throw new IllegalArgumentException(
                    "need 0 < ballDiameterMm < pitchDiameterMm, was d="
                            + ballDiameterMm
                            + " D="
                            + pitchDiameterMm);
        }
        if (!(Math.abs(contactAngleRad) < Math.PI / 2)) {
            throw new IllegalArgumentException(
                    "contactAngleRad must be in (-pi/2, pi/2), was " + contactAngleRad);
        }
    }

    /** The deep-groove ball bearing SKF 6205: n = 9, d = 7.94 mm, D = 39.04 mm, phi = 0. */
    public static BearingGeometry skf6205() {
        return new BearingGeometry(9, 7.94, 39.04, 0.0);
    }

    private double r() {
        return ballDiameterMm / pitchDiameterMm * Math.cos(contactAngleRad);
    }

    /** Fundamental train (cage) frequency as a multiple of the shaft frequency. */
    public double ftfOrder() {
        return 0.5 * (1 - r());
    }

    /** Ball pass frequency, outer race, as a multiple of the shaft frequency. */
    public double bpfoOrder() {
        return 0.5 * rollingElements * (1 - r());
    }

    /** Ball pass frequency, inner race, as a multiple of the shaft frequency. */
    public double bpfiOrder() {
        return 0.5 * rollingElements * (1 + r());
    }

    /** Ball spin frequency as a multiple of the shaft frequency. */
    public double bsfOrder() {
        double r = r();
        return pitchDiameterMm / (2 * ballDiameterMm) * (1 - r * r);
    }
}
