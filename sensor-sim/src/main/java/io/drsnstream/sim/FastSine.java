package io.drsnstream.sim;

/**
 * Table sine with linear interpolation, argument in cycles. A generated window evaluates about
 * a dozen sinusoids per sample; {@link Math#sin} would dominate the generation time.
 * The interpolation error is below 2e-8, far under the float resolution of the output.
 */
final class FastSine {

    private static final int SIZE = 1 << 14;
    private static final double[] TABLE = new double[SIZE + 1];

    static {
        for (int i = 0; i <= SIZE; i++) {
            TABLE[i] = Math.sin(2 * Math.PI * i / SIZE);
        }
    }

    private FastSine() {}

    /** {@code sin(2 pi cycles)}. */
    static double sin(double cycles) {
        double x = (cycles - Math.floor(cycles)) * SIZE;
        int i = (int) x;
        double frac = x - i;
        double a = TABLE[i];
        return a + frac * (TABLE[i + 1] - a);
    }

    /** {@code cos(2 pi cycles)}. */
    static double cos(double cycles) {
        return sin(cycles + 0.25);
    }
}
