package io.drsnstream.training;

import ai.djl.Device;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.drsn.model.ScoreResult;
import io.drsnstream.drsn.model.Scorer;
import io.drsnstream.drsn.training.BatchAugmenter;
import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import io.drsnstream.sim.HealthState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code drsn-train calibrate}: chooses the anomaly threshold for a stated false-alarm rate on a
 * calibration split (windows of its own seed, neither the training data's nor the evaluation's)
 * and stores it, with how it was chosen, in the model's model.json.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        versionProvider = TrainingCli.Version.class,
        description = {
            "Simulates a calibration split (random operating points, noise drawn per window), scores it and "
                    + "stores in model.json the lowest anomalyScore threshold at which at most --false-alarm-rate "
                    + "of its healthy windows are flagged. The job uses it unless --anomaly.threshold is given."
        })
final class CalibrateCommand implements Callable<Integer> {

    /** Offset of the calibration split's seed from the training data's seed (evaluation uses +1). */
    static final long CALIBRATION_SEED_OFFSET = 1000;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ThreadOptions threadOptions = new ThreadOptions();

    @Option(
            names = "--model",
            required = true,
            paramLabel = "DIR",
            description = "The model artifact directory.")
    Path model;

    @Option(
            names = "--data",
            paramLabel = "FILE",
            description =
                    "Calibrate on the windows of this data set file (recorded windows from "
                            + "'import', held out from training) instead of simulated ones; the "
                            + "noise options apply to them as to simulated ones.")
    Path dataFile;

    @Option(
            names = "--false-alarm-rate",
            paramLabel = "P",
            defaultValue = "0.02",
            description =
                    "Share of healthy calibration windows allowed above the threshold (default: ${DEFAULT-VALUE}).")
    double falseAlarmRate;

    @Option(
            names = "--noise",
            paramLabel = "TYPE",
            defaultValue = "mixed",
            converter = NoiseChoice.Converter.class,
            description = "Noise of the calibration windows (default: ${DEFAULT-VALUE}).")
    NoiseChoice noise;

    @Option(
            names = "--snr-min",
            paramLabel = "DB",
            defaultValue = "0",
            description = "Lowest SNR (default: ${DEFAULT-VALUE}).")
    double snrMin;

    @Option(
            names = "--snr-max",
            paramLabel = "DB",
            defaultValue = "5",
            description = "Highest SNR (default: ${DEFAULT-VALUE}).")
    double snrMax;

    @Option(
            names = "--clean-share",
            paramLabel = "P",
            defaultValue = "0",
            description = "Share of calibration windows left clean (default: ${DEFAULT-VALUE}).")
    double cleanShare;

    @Option(
            names = "--per-class",
            paramLabel = "N",
            defaultValue = "1000",
            description = "Calibration windows per health state (default: ${DEFAULT-VALUE}).")
    int perClass;

    @Option(
            names = "--seed",
            paramLabel = "S",
            description =
                    "Seed of the calibration split (default: the training data's seed + "
                            + CALIBRATION_SEED_OFFSET
                            + ").")
    Long seed;

    @Option(
            names = "--severity",
            paramLabel = "MIN,MAX",
            defaultValue = "0.5,1",
            description =
                    "Fault severity of the calibration faults, for the detection rate reported (default: ${DEFAULT-VALUE}).")
    String severity;

    @Override
    public Integer call() throws IOException {
        CommandLine cmd = spec.commandLine();
        if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
            throw new ParameterException(
                    cmd, "--false-alarm-rate must be in (0, 1), got " + falseAlarmRate);
        }
        if (perClass < 10) {
            throw new ParameterException(cmd, "--per-class must be at least 10, got " + perClass);
        }
        if (!Double.isFinite(snrMin) || !Double.isFinite(snrMax) || snrMin > snrMax) {
            throw new ParameterException(
                    cmd, "need --snr-min <= --snr-max, got " + snrMin + " and " + snrMax);
        }
        if (!(cleanShare >= 0 && cleanShare <= 1)) {
            throw new ParameterException(cmd, "--clean-share must be in [0, 1], got " + cleanShare);
        }
        threadOptions.apply(cmd);
        double[] sev = EvaluateCommand.pair(cmd, severity, "--severity");
        ModelArtifact artifact;
        try {
            artifact = ModelArtifact.load(model, Device.cpu());
        } catch (ModelArtifactException e) {
            throw new CliFailure("Cannot load model: " + e.getMessage(), e);
        }
        Map<String, Object> calibration = new LinkedHashMap<>();
        double threshold;
        try (artifact) {
            ModelMetadata meta = artifact.getMetadata();
            Long trainingSeed = EvaluateCommand.trainingDataSeed(meta);
            long splitSeed =
                    seed != null
                            ? seed
                            : (trainingSeed != null ? trainingSeed : 42) + CALIBRATION_SEED_OFFSET;
            DatasetSpec ds =
                    dataFile != null
                            ? null
                            : OperatingPoints.RANDOM
                                    .spec(perClass)
                                    .windowLength(meta.windowLength())
                                    .sampleRateHz(meta.sampleRateHz())
                                    .severity(sev[0], sev[1])
                                    .seed(splitSeed)
                                    .build();
            Dataset data =
                    dataFile != null
                            ? RecordedData.read(dataFile, meta)
                            : new DatasetGenerator(ds).generate();
            float[][] windows = new float[data.size()][];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = data.windows()[i].clone();
            }
            BatchAugmenter augmenter = new NoiseAugmenter(noise, snrMin, snrMax, cleanShare);
            augmenter.augment(windows, new Random(splitSeed));
            List<ScoreResult> scored;
            try (Scorer scorer = artifact.newScorer(256)) {
                scored = scorer.score(windows);
            }
            int healthyIndex = meta.healthyIndex();
            double[] healthy = new double[data.size()];
            int h = 0;
            for (int i = 0; i < data.size(); i++) {
                if (data.labels()[i] == HealthState.HEALTHY.classIndex()) {
                    healthy[h++] = scored.get(i).anomalyScore();
                }
            }
            healthy = Arrays.copyOf(healthy, h);
            threshold = thresholdFor(healthy, falseAlarmRate);
            OperatorMetrics achieved =
                    OperatorMetrics.of(
                            scored, data.labels(), meta.labels().size(), healthyIndex, threshold);
            if (dataFile != null) {
                calibration.put(
                        "split", "calibration: the recorded windows of " + dataFile.getFileName());
                calibration.put("data", dataFile.toString());
                calibration.put("windows", DataSets.describeCounts(data));
                calibration.put("noiseSeed", splitSeed);
            } else {
                calibration.put(
                        "split",
                        "calibration: simulated windows of their own seed, not the training data's "
                                + "(seed) nor the evaluation's (seed + 1)");
                calibration.put("seed", splitSeed);
                calibration.put("operatingPoints", OperatingPoints.RANDOM.describe());
                calibration.put("windowsPerState", perClass);
                calibration.put("severity", List.of(sev[0], sev[1]));
            }
            calibration.put("noise", noise.cliName());
            calibration.put("snrDb", List.of(snrMin, snrMax));
            calibration.put("cleanShare", cleanShare);
            calibration.put("targetFalseAlarmRate", falseAlarmRate);
            calibration.put("falseAlarmRate", Evaluations.round(achieved.falseAlarmRate()));
            calibration.put("detectionRate", Evaluations.round(achieved.detectionRate()));
            calibration.put("rocAuc", Evaluations.round(achieved.rocAuc()));
            calibration.put("command", TrainCommand.commandLine(cmd));
            ModelArtifact.updateMetadata(
                    model, meta.toBuilder().setAnomalyThreshold(threshold, calibration).build());
        }
        PrintWriter out = cmd.getOut();
        out.printf(
                Locale.ROOT,
                "anomaly threshold %.4f stored in %s: false alarms %s (target %s), detection %s on the "
                        + "calibration split%n",
                threshold,
                model.resolve(ModelArtifact.METADATA_FILE),
                QualityReport.pct((Double) calibration.get("falseAlarmRate")),
                QualityReport.pct(falseAlarmRate),
                QualityReport.pct((Double) calibration.get("detectionRate")));
        out.flush();
        return 0;
    }

    /**
     * The lowest threshold in (0, 1] at which at most {@code rate} of the healthy scores reach it:
     * just above the score that {@code floor(rate * n)} healthy windows exceed.
     */
    static double thresholdFor(double[] healthyScores, double rate) {
        if (healthyScores.length == 0) {
            throw new CliFailure("The calibration split has no healthy windows");
        }
        double[] sorted = healthyScores.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(rate * sorted.length);
        double boundary = sorted[sorted.length - 1 - allowed];
        double t = Math.nextUp((float) boundary);
        return Math.min(1.0, Math.max(t, 1e-6));
    }
}
