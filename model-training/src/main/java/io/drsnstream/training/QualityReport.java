package io.drsnstream.training;

import io.drsnstream.sim.NoiseType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The model-quality report of {@code drsn-train evaluate --sweep --report DIR}: {@code report.md}
 * with the figures per noise type and SNR, the targets met or missed, the model beside
 * its baseline, and PNG plots (accuracy and false alarms vs SNR, accuracy over speed x SNR).
 */
final class QualityReport {

    private static final Color[] NOISE_COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0xe377c2)
    };

    /** A target on one metric at one SNR (null = clean). */
    record Target(Double snrDb, String metric, boolean atLeast, double value) {}

    /** What the product promises an operator, per noise type (issue "Model robustness"). */
    static final List<Target> TARGETS =
            List.of(
                    new Target(null, "accuracy", true, 0.99),
                    new Target(5.0, "falseAlarmRate", false, 0.02),
                    new Target(5.0, "detectionRate", true, 0.98),
                    new Target(0.0, "accuracy", true, 0.90),
                    new Target(0.0, "falseAlarmRate", false, 0.05),
                    new Target(-5.0, "accuracy", true, 0.70),
                    new Target(-5.0, "falseAlarmRate", false, 0.15));

    private QualityReport() {}

    static void write(
            Path dir, QualitySweep.Result model, QualitySweep.Result baseline, String setup)
            throws IOException {
        Files.createDirectories(dir);
        plot(
                dir.resolve("accuracy-vs-snr.png"),
                "8-class accuracy vs SNR",
                "accuracy (%)",
                model,
                baseline,
                m -> 100 * m.accuracy());
        plot(
                dir.resolve("false-alarms-vs-snr.png"),
                "Healthy windows flagged vs SNR (at each model's threshold)",
                "false alarms (%)",
                model,
                baseline,
                m -> 100 * m.falseAlarmRate());
        heatMap(dir.resolve("accuracy-speed-snr.png"), model);
        Files.writeString(
                dir.resolve("report.md"), markdown(model, baseline, setup), StandardCharsets.UTF_8);
    }

    static String markdown(QualitySweep.Result model, QualitySweep.Result baseline, String setup) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Model quality: ").append(model.version()).append('\n').append('\n');
        sb.append(setup).append('\n').append('\n');
        sb.append(
                String.format(
                        Locale.ROOT,
                        "Threshold: anomalyScore >= %.4f (%s).%n%n",
                        model.threshold(),
                        model.thresholdSource()));
        sb.append(
                        "![accuracy vs SNR](accuracy-vs-snr.png)\n![false alarms vs SNR](false-alarms-vs-snr.png)\n")
                .append("![accuracy over speed x SNR](accuracy-speed-snr.png)\n\n");
        sb.append("## Targets\n\n").append(targets(model));
        if (baseline != null) {
            sb.append("\nThe baseline ")
                    .append(baseline.version())
                    .append(" against the same targets:\n\n")
                    .append(targets(baseline));
        }
        sb.append("\n## Figures per noise type and SNR\n\n");
        sb.append(figures(model));
        if (baseline != null) {
            sb.append("\n### Baseline ")
                    .append(baseline.version())
                    .append(" (same windows, same noise)\n\n")
                    .append(figures(baseline));
            sb.append("\n### ")
                    .append(model.version())
                    .append(" minus ")
                    .append(baseline.version())
                    .append(" (percentage points)\n\n")
                    .append(differences(model, baseline));
        }
        sb.append(
                "\n## Noise indicators\n\nSpearman rank correlation of each per-window indicator with the SNR "
                        + "(clean counted above every level), healthy and faulty windows pooled; -1 means the indicator "
                        + "rises exactly as the SNR falls.\n\n");
        sb.append("| noise | ")
                .append(
                        String.join(
                                " | ",
                                model.indicatorSpearman().values().iterator().next().keySet()))
                .append(" |\n|---|")
                .append("---|".repeat(model.indicatorSpearman().values().iterator().next().size()))
                .append('\n');
        model.indicatorSpearman()
                .forEach(
                        (noise, byIndicator) -> {
                            sb.append("| ").append(noise).append(" |");
                            byIndicator
                                    .values()
                                    .forEach(
                                            v ->
                                                    sb.append(
                                                            String.format(
                                                                    Locale.ROOT, " %.3f |", v)));
                            sb.append('\n');
                        });
        return sb.toString();
    }

    private static String targets(QualitySweep.Result r) {
        StringBuilder sb = new StringBuilder("| condition | target |");
        for (NoiseType t : QualitySweep.NOISE_TYPES) {
            sb.append(' ').append(NoiseChoice.of(t).cliName()).append(" |");
        }
        sb.append("\n|---|---|")
                .append("---|".repeat(QualitySweep.NOISE_TYPES.size()))
                .append('\n');
        for (Target target : TARGETS) {
            sb.append("| ")
                    .append(target.snrDb() == null ? "clean" : snr(target.snrDb()))
                    .append(" | ")
                    .append(target.metric())
                    .append(target.atLeast() ? " >= " : " <= ")
                    .append(pct(target.value()))
                    .append(" |");
            for (NoiseType t : QualitySweep.NOISE_TYPES) {
                QualitySweep.Cell c =
                        target.snrDb() == null
                                ? r.cell(NoiseType.NONE, null)
                                : r.cell(t, target.snrDb());
                if (c == null) {
                    sb.append(" - |");
                    continue;
                }
                double v = metric(c.metrics(), target.metric());
                boolean met = target.atLeast() ? v >= target.value() : v <= target.value();
                sb.append(' ')
                        .append(pct(v))
                        .append(
                                met
                                        ? " met"
                                        : String.format(
                                                Locale.ROOT,
                                                " **missed by %.1f**",
                                                100 * Math.abs(v - target.value())))
                        .append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static double metric(OperatorMetrics m, String name) {
        return switch (name) {
            case "accuracy" -> m.accuracy();
            case "macroF1" -> m.macroF1();
            case "falseAlarmRate" -> m.falseAlarmRate();
            case "detectionRate" -> m.detectionRate();
            case "rocAuc" -> m.rocAuc();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static String figures(QualitySweep.Result r) {
        StringBuilder sb =
                new StringBuilder(
                        "| noise | SNR dB | accuracy | macro-F1 | false alarms | detection | ROC AUC |\n|---|---|---|---|---|---|---|\n");
        for (QualitySweep.Cell c : r.cells()) {
            OperatorMetrics m = c.metrics();
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | %.3f | %s | %s | %.4f |%n",
                            c.noise() == NoiseType.NONE
                                    ? "none"
                                    : NoiseChoice.of(c.noise()).cliName(),
                            c.snrDb() == null ? "clean" : snr(c.snrDb()),
                            pct(m.accuracy()),
                            m.macroF1(),
                            pct(m.falseAlarmRate()),
                            pct(m.detectionRate()),
                            m.rocAuc()));
        }
        return sb.toString();
    }

    private static String differences(QualitySweep.Result a, QualitySweep.Result b) {
        StringBuilder sb =
                new StringBuilder(
                        "| noise | SNR dB | accuracy | false alarms | detection |\n|---|---|---|---|---|\n");
        for (QualitySweep.Cell c : a.cells()) {
            QualitySweep.Cell d = b.cell(c.noise(), c.snrDb());
            if (d == null) {
                continue;
            }
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %s | %+.1f | %+.1f | %+.1f |%n",
                            c.noise() == NoiseType.NONE
                                    ? "none"
                                    : NoiseChoice.of(c.noise()).cliName(),
                            c.snrDb() == null ? "clean" : snr(c.snrDb()),
                            100 * (c.metrics().accuracy() - d.metrics().accuracy()),
                            100 * (c.metrics().falseAlarmRate() - d.metrics().falseAlarmRate()),
                            100 * (c.metrics().detectionRate() - d.metrics().detectionRate())));
        }
        return sb.toString();
    }

    private static String snr(double snr) {
        return (snr > 0 ? "+" : "") + Evaluations.snrKey(snr);
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    private static void plot(
            Path png,
            String title,
            String yTitle,
            QualitySweep.Result model,
            QualitySweep.Result baseline,
            ToDoubleFunction<OperatorMetrics> value)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(560)
                        .title(
                                title
                                        + (baseline == null
                                                ? ""
                                                : " (solid: "
                                                        + model.version()
                                                        + ", dashed: "
                                                        + baseline.version()
                                                        + ")"))
                        .xAxisTitle("SNR (dB)")
                        .yAxisTitle(yTitle)
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        for (int t = 0; t < QualitySweep.NOISE_TYPES.size(); t++) {
            NoiseType type = QualitySweep.NOISE_TYPES.get(t);
            series(chart, model, type, value, NOISE_COLORS[t], false);
            if (baseline != null) {
                series(chart, baseline, type, value, NOISE_COLORS[t], true);
            }
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static void series(
            XYChart chart,
            QualitySweep.Result r,
            NoiseType type,
            ToDoubleFunction<OperatorMetrics> value,
            Color color,
            boolean dashed) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (QualitySweep.Cell c : r.cells()) {
            if (c.noise() == type) {
                x.add(c.snrDb());
                y.add(value.applyAsDouble(c.metrics()));
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s =
                chart.addSeries(
                        r.version()
                                + " "
                                + NoiseChoice.of(type).cliName()
                                + (dashed ? " (baseline)" : ""),
                        x,
                        y);
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setMarker(dashed ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        s.setLineStyle(
                dashed
                        ? new BasicStroke(
                                1.5f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {6f, 4f},
                                0f)
                        : new BasicStroke(2.5f));
    }

    /** Accuracy per speed band (rows) and SNR (columns), the three noise types pooled. */
    private static void heatMap(Path png, QualitySweep.Result r) throws IOException {
        List<String> columns = new ArrayList<>();
        List<Double> snrs = new ArrayList<>();
        for (QualitySweep.Cell c : r.cells()) {
            if (c.snrDb() != null && !snrs.contains(c.snrDb())) {
                snrs.add(c.snrDb());
            }
        }
        snrs.sort(null);
        snrs.forEach(s -> columns.add(snr(s)));
        columns.add("clean");
        double[] edges = QualitySweep.SPEED_EDGES;
        List<String> rows = new ArrayList<>();
        for (int b = 0; b < edges.length - 1; b++) {
            rows.add(String.format(Locale.ROOT, "%.0f-%.0f Hz", edges[b], edges[b + 1]));
        }
        List<Number[]> heat = new ArrayList<>();
        for (int col = 0; col < columns.size(); col++) {
            Double snr = col < snrs.size() ? snrs.get(col) : null;
            for (int b = 0; b < rows.size(); b++) {
                double sum = 0;
                int n = 0;
                for (QualitySweep.Cell c : r.cells()) {
                    if (java.util.Objects.equals(c.snrDb(), snr)
                            && !Double.isNaN(c.accuracyBySpeedBand()[b])) {
                        sum += c.accuracyBySpeedBand()[b];
                        n++;
                    }
                }
                if (n > 0) {
                    heat.add(new Number[] {col, b, Math.round(1000 * sum / n) / 10.0});
                }
            }
        }
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(900)
                        .height(520)
                        .title(
                                "8-class accuracy (%) over speed x SNR, "
                                        + r.version()
                                        + " (noise types pooled)")
                        .xAxisTitle("SNR (dB)")
                        .yAxisTitle("shaft speed")
                        .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler()
                .setRangeColors(
                        new Color[] {
                            new Color(0xd73027), new Color(0xfee08b), new Color(0x1a9850)
                        });
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMin(50);
        chart.getStyler().setMax(100);
        chart.addSeries("accuracy", columns, rows, heat);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
