package io.drsnstream.training;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.NoiseType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Scores one model on freshly simulated windows, clean and with each noise type at each SNR, and
 * collects what an operator cares about per condition ({@link OperatorMetrics}), the accuracy per
 * speed band (for the speed x SNR heat map) and how well the per-window noise indicators follow
 * the SNR (Spearman rank correlation over clean + the SNR levels, healthy and faulty windows
 * pooled).
 */
final class QualitySweep {

    /** The noise types of the paper, in report order. */
    static final List<NoiseType> NOISE_TYPES =
            List.of(NoiseType.WHITE_GAUSSIAN, NoiseType.LAPLACIAN, NoiseType.PINK);

    /** Edges of the speed bands of the heat map, Hz. */
    static final double[] SPEED_EDGES = {15, 20, 25, 30, 35, 40, 45};

    /** SNR standing for "no added noise" in the rank correlations: above every tested level. */
    private static final double CLEAN_SNR = 1000;

    /** One condition's figures. */
    record Cell(
            NoiseType noise, Double snrDb, OperatorMetrics metrics, double[] accuracyBySpeedBand) {}

    /** The whole sweep of one model. */
    record Result(
            String model,
            String version,
            String architecture,
            double threshold,
            String thresholdSource,
            List<Cell> cells,
            Map<String, Map<String, Double>> indicatorSpearman) {

        Cell cell(NoiseType noise, Double snr) {
            for (Cell c : cells) {
                if (c.noise() == noise && java.util.Objects.equals(c.snrDb(), snr)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** The per-window indicators whose rank correlation with the SNR is reported. */
    static final Map<String, ToDoubleFunction<ScoreResult>> INDICATORS = indicators();

    private static Map<String, ToDoubleFunction<ScoreResult>> indicators() {
        Map<String, ToDoubleFunction<ScoreResult>> m = new LinkedHashMap<>();
        m.put("noiseLevel", ScoreResult::noiseLevel);
        m.put("shrinkage", ScoreResult::shrinkage);
        return m;
    }

    private QualitySweep() {}

    /**
     * Runs the sweep.
     *
     * @param modelName how to name the model in reports (its directory)
     * @param artifact the loaded model
     * @param data the clean evaluation windows
     * @param snrs the SNR levels in dB
     * @param noiseSeed seed of the added noise
     * @param threshold anomalyScore cut-off for the false-alarm and detection rates
     * @param thresholdSource where the threshold came from, for the report
     * @param progress called with a short description before each condition, or null
     */
    static Result run(
            String modelName,
            ModelArtifact artifact,
            Dataset data,
            List<Double> snrs,
            long noiseSeed,
            double threshold,
            String thresholdSource,
            java.util.function.Consumer<String> progress) {
        ModelMetadata meta = artifact.getMetadata();
        int classes = meta.labels().size();
        int healthy = meta.healthyIndex();
        List<Cell> cells = new ArrayList<>();
        Map<String, Map<String, Double>> spearman = new LinkedHashMap<>();
        try (Scorer scorer = artifact.newScorer(256)) {
            if (progress != null) {
                progress.accept("clean");
            }
            List<ScoreResult> clean = scorer.score(data.windows());
            cells.add(cell(NoiseType.NONE, null, clean, data, classes, healthy, threshold));
            for (NoiseType type : NOISE_TYPES) {
                List<double[]> snrColumn = new ArrayList<>();
                Map<String, List<Double>> values = new LinkedHashMap<>();
                INDICATORS.keySet().forEach(k -> values.put(k, new ArrayList<>()));
                collect(clean, CLEAN_SNR, snrColumn, values);
                for (double snr : snrs) {
                    if (progress != null) {
                        progress.accept(
                                NoiseChoice.of(type).cliName()
                                        + " "
                                        + Evaluations.snrKey(snr)
                                        + " dB");
                    }
                    List<ScoreResult> scored =
                            scorer.score(DataSets.noisy(data.windows(), type, snr, noiseSeed));
                    cells.add(cell(type, snr, scored, data, classes, healthy, threshold));
                    collect(scored, snr, snrColumn, values);
                }
                double[] x = snrColumn.stream().mapToDouble(v -> v[0]).toArray();
                Map<String, Double> byIndicator = new LinkedHashMap<>();
                values.forEach(
                        (name, v) ->
                                byIndicator.put(
                                        name,
                                        Evaluations.round(
                                                OperatorMetrics.spearman(
                                                        x,
                                                        v.stream()
                                                                .mapToDouble(Double::doubleValue)
                                                                .toArray()))));
                spearman.put(NoiseChoice.of(type).cliName(), byIndicator);
            }
        }
        return new Result(
                modelName,
                meta.version(),
                meta.network().architecture().name(),
                threshold,
                thresholdSource,
                cells,
                spearman);
    }

    private static void collect(
            List<ScoreResult> scored,
            double snr,
            List<double[]> snrColumn,
            Map<String, List<Double>> values) {
        for (ScoreResult r : scored) {
            snrColumn.add(new double[] {snr});
            INDICATORS.forEach((name, f) -> values.get(name).add(f.applyAsDouble(r)));
        }
    }

    private static Cell cell(
            NoiseType type,
            Double snr,
            List<ScoreResult> scored,
            Dataset data,
            int classes,
            int healthy,
            double threshold) {
        OperatorMetrics metrics =
                OperatorMetrics.of(scored, data.labels(), classes, healthy, threshold);
        int bands = SPEED_EDGES.length - 1;
        int[] right = new int[bands];
        int[] total = new int[bands];
        for (int i = 0; i < scored.size(); i++) {
            int band = band(data.shaftHz()[i]);
            if (band >= 0) {
                total[band]++;
                right[band] += scored.get(i).classIndex() == data.labels()[i] ? 1 : 0;
            }
        }
        double[] accuracy = new double[bands];
        for (int b = 0; b < bands; b++) {
            accuracy[b] = total[b] == 0 ? Double.NaN : (double) right[b] / total[b];
        }
        return new Cell(type, snr, metrics, accuracy);
    }

    static int band(double hz) {
        for (int b = 0; b < SPEED_EDGES.length - 1; b++) {
            if (hz >= SPEED_EDGES[b]
                    && (hz < SPEED_EDGES[b + 1]
                            || b == SPEED_EDGES.length - 2 && hz <= SPEED_EDGES[b + 1])) {
                return b;
            }
        }
        return -1;
    }

    /** Simulated evaluation windows. */
    static Dataset simulate(DatasetSpec spec) {
        return new DatasetGenerator(spec).generate();
    }

    /** JSON-ready form. */
    static Map<String, Object> toMap(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model());
        m.put("version", r.version());
        m.put("architecture", r.architecture());
        m.put("threshold", r.threshold());
        m.put("thresholdSource", r.thresholdSource());
        Map<String, Object> byNoise = new LinkedHashMap<>();
        for (Cell c : r.cells()) {
            String noise =
                    c.noise() == NoiseType.NONE ? "none" : NoiseChoice.of(c.noise()).cliName();
            Map<String, Object> m2 = c.metrics().toMap();
            List<Object> bands = new ArrayList<>();
            for (double a : c.accuracyBySpeedBand()) {
                bands.add(Double.isNaN(a) ? null : Evaluations.round(a));
            }
            m2.put("accuracyBySpeedBand", bands);
            if (c.noise() == NoiseType.NONE) {
                byNoise.put("clean", m2);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> bySnr =
                        (Map<String, Object>)
                                byNoise.computeIfAbsent(noise, k -> new LinkedHashMap<>());
                bySnr.put(Evaluations.snrKey(c.snrDb()), m2);
            }
        }
        m.put("speedBandEdgesHz", SPEED_EDGES);
        m.put("results", byNoise);
        m.put("noiseIndicatorSpearmanWithSnr", r.indicatorSpearman());
        return m;
    }
}
