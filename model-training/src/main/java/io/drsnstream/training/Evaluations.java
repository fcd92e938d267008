package io.drsnstream.training;

import ai.djl.Model;
import io.drsnstream.drsn.model.InputNormalization;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.training.Evaluation;
import io.drsnstream.sim.NoiseType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores labelled windows, clean or with noise, and summarises the results. */
final class Evaluations {

    private Evaluations() {}

    /** A scorer on a freshly trained model (labels = health states, healthy = class 0). */
    static Scorer scorer(Model model, InputNormalization normalization) {
        return new Scorer(model, normalization, DataSets.labels(), 0, 256);
    }

    /** Evaluates on noisy copies of the windows (noise seeded by {@code seed}, type and SNR). */
    static Evaluation evaluate(
            Scorer scorer, DataSets.Labelled data, NoiseType type, double snrDb, long seed) {
        return Evaluation.of(
                scorer, DataSets.noisy(data.windows(), type, snrDb, seed), data.labels());
    }

    /**
     * The figures stored in model.json: accuracy on the clean held-out windows and on noisy
     * copies at the given SNRs for Gaussian, Laplacian and pink noise.
     */
    static Map<String, Object> holdoutFigures(
            Scorer scorer, DataSets.Labelled holdout, List<Double> snrs, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("split", "holdout");
        m.put("windows", holdout.size());
        m.put("noiseSeed", seed);
        if (holdout.size() == 0) {
            return m;
        }
        Evaluation clean = Evaluation.of(scorer, holdout.windows(), holdout.labels());
        m.put("accuracyClean", round(clean.accuracy()));
        m.put("meanShrinkageClean", round(clean.meanShrinkage()));
        if (snrs.isEmpty()) {
            return m;
        }
        Map<String, Object> noisy = new LinkedHashMap<>();
        for (NoiseType type :
                List.of(NoiseType.WHITE_GAUSSIAN, NoiseType.LAPLACIAN, NoiseType.PINK)) {
            Map<String, Object> bySnr = new LinkedHashMap<>();
            for (double snr : snrs) {
                bySnr.put(
                        snrKey(snr), round(evaluate(scorer, holdout, type, snr, seed).accuracy()));
            }
            noisy.put(NoiseChoice.of(type).cliName(), bySnr);
        }
        m.put("accuracyBySnrDb", noisy);
        return m;
    }

    static String snrKey(double snr) {
        return snr == Math.rint(snr) ? Long.toString((long) snr) : Double.toString(snr);
    }

    static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /** Per-class recall from a confusion matrix (rows = true class); NaN for an empty class. */
    static double[] recall(int[][] confusion) {
        double[] r = new double[confusion.length];
        for (int i = 0; i < confusion.length; i++) {
            int total = 0;
            for (int v : confusion[i]) {
                total += v;
            }
            r[i] = total == 0 ? Double.NaN : (double) confusion[i][i] / total;
        }
        return r;
    }
}
