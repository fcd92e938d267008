package io.drsnstream.training;

import io.drsnstream.drsn.training.BatchAugmenter;
import io.drsnstream.sim.NoiseInjector;
import io.drsnstream.sim.NoiseType;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Adds noise to each training window of a batch at an SNR drawn uniformly from
 * {@code [snrMinDb, snrMaxDb]}, with a noise type drawn per window from the choice's types
 * ({@code mixed}: Gaussian, Laplacian or pink); a share of the windows is left clean.
 *
 * <p>Everything random is drawn from the trainer's seeded {@link Random} in window order (clean
 * or not, type, SNR, noise seed, always all four, so the sequence does not depend on the
 * outcome), then the noise is added in parallel with one {@link NoiseInjector} per window: the
 * same seed gives the same batches on any number of threads.
 */
public final class NoiseAugmenter implements BatchAugmenter {

    private final List<NoiseType> types;
    private final double snrMinDb;
    private final double snrMaxDb;
    private final double cleanShare;

    /**
     * @param noise the noise to add; {@link NoiseChoice#NONE} leaves every window clean
     * @param snrMinDb lowest SNR
     * @param snrMaxDb highest SNR, at least {@code snrMinDb}
     * @param cleanShare share of windows left clean, in [0, 1]
     */
    public NoiseAugmenter(NoiseChoice noise, double snrMinDb, double snrMaxDb, double cleanShare) {
        if (!Double.isFinite(snrMinDb) || !Double.isFinite(snrMaxDb) || snrMinDb > snrMaxDb) {
            throw new IllegalArgumentException(
                    "need finite snrMin <= snrMax, got " + snrMinDb + " and " + snrMaxDb);
        }
        if (!(cleanShare >= 0 && cleanShare <= 1)) {
            throw new IllegalArgumentException("cleanShare must be in [0, 1]: " + cleanShare);
        }
        this.types = noise.types();
        this.snrMinDb = snrMinDb;
        this.snrMaxDb = snrMaxDb;
        this.cleanShare = cleanShare;
    }

    @Override
    public void augment(float[][] batch, Random rng) {
        if (types.isEmpty()) {
            return;
        }
        int n = batch.length;
        boolean[] clean = new boolean[n];
        NoiseType[] type = new NoiseType[n];
        double[] snr = new double[n];
        long[] seed = new long[n];
        for (int i = 0; i < n; i++) {
            clean[i] = rng.nextDouble() < cleanShare;
            type[i] = types.get(rng.nextInt(types.size()));
            snr[i] = snrMinDb + rng.nextDouble() * (snrMaxDb - snrMinDb);
            seed[i] = rng.nextLong();
        }
        IntStream.range(0, n)
                .parallel()
                .forEach(
                        i -> {
                            if (!clean[i]
                                    && NoiseInjector.meanSquare(batch[i], 0, batch[i].length) > 0) {
                                new NoiseInjector(seed[i]).addInPlace(batch[i], type[i], snr[i]);
                            }
                        });
    }
}
