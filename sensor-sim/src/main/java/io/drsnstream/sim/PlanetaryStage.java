package io.drsnstream.sim;

/**
 * One planetary stage with a fixed ring: the sun is driven, the carrier is the output.
 *
 * <p>Orders are relative to the rotation of this stage's sun (its input). With
 * {@code Zs}, {@code Zp}, {@code Zr} teeth and {@code N} planets:
 * <pre>
 *   carrier      fc   = fs Zs / (Zs + Zr)
 *   tooth mesh   fm   = Zr fc  = Zs (fs - fc)
 *   planet pass  fpp  = N fc                 (a planet passing the sensor on the ring)
 *   sun tooth    fsf  = N (fs - fc)          (one sun tooth meeting the next planet)
 * </pre>
 *
 * @param sunTeeth teeth on the sun gear
 * @param planetTeeth teeth on each planet gear
 * @param ringTeeth teeth on the (fixed) ring gear
 * @param planetCount number of planets, equally spaced
 */
public record PlanetaryStage(int sunTeeth, int planetTeeth, int ringTeeth, int planetCount) {

    /** Validates the tooth counts: coaxial gears ({@code Zr = Zs + 2 Zp}) and at least one planet. */
    public PlanetaryStage {
        if (sunTeeth < 6 || planetTeeth < 6 || planetCount < 1) {
            throw new IllegalArgumentException(
                    "implausible stage: sun="
                            + sunTeeth
                            + " planet="
                            + planetTeeth
                            + " planets="
                            + planetCount);
        }
        if (ringTeeth != sunTeeth + 2 * planetTeeth) {
            // Otherwise sun, planets and ring cannot share one axis.
            throw new IllegalArgumentException(
                    "ring teeth must equal sun + 2 x planet teeth: "
                            + ringTeeth
                            + " != "
                            + sunTeeth
                            + " + 2 x "
                            + planetTeeth);
        }
    }

    /** Carrier revolutions per sun revolution (the inverse of the stage ratio). */
    public double carrierOrder() {
        return (double) sunTeeth / (sunTeeth + ringTeeth);
    }

    /** Tooth-mesh events per sun revolution. */
    public double meshOrder() {
        return ringTeeth * carrierOrder();
    }

    /** Planet passes at a fixed point on the ring per sun revolution. */
    public double planetPassOrder() {
        return planetCount * carrierOrder();
    }

    /** Meshings of one given sun tooth with any planet per sun revolution. */
    public double sunToothOrder() {
        return planetCount * (1 - carrierOrder());
    }
}
