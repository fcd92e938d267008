package io.drsnstream.training;

import io.drsnstream.drsn.nn.Architecture;
import io.drsnstream.sim.HealthState;
import io.drsnstream.sim.NoiseType;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes report.md and the PNG plots of a reproduction from its run results. */
final class ReproductionReport {

    static final String REPORT = "report.md";

    private static final Map<Architecture, Color> COLORS =
            Map.of(
                    Architecture.CONVNET, new Color(0x7f7f7f),
                    Architecture.RESNET, new Color(0x1f77b4),
                    Architecture.DRSN_CS, new Color(0xff7f0e),
                    Architecture.DRSN_CW, new Color(0xd62728));

    private ReproductionReport() {}

    static void write(Path out, List<RunResult> results, String commandLine, String config)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(out);
        List<String> plots = new ArrayList<>();
        for (NoiseChoice noise : noisesOf(results)) {
            String png = "accuracy-" + noise.cliName() + ".png";
            accuracyPlot(results, noise, out.resolve(png));
            plots.add(png);
            RunResult cw = find(results, noise, Architecture.DRSN_CW);
            if (cw != null && cw.confusionBySnr.containsKey("-5")) {
                String cm = "confusion-drsn-cw-" + noise.cliName() + "-minus5db.png";
                confusionPlot(
                        cw.confusionBySnr.get("-5"),
                        "DRSN-CW, " + noise.cliName() + " noise at -5 dB (rows: true class)",
                        out.resolve(cm));
                plots.add(cm);
            }
        }
        Files.writeString(
                out.resolve(REPORT),
                markdown(
                        results,
                        commandLine,
                        config,
                        plots,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS)),
                StandardCharsets.UTF_8);
    }

    static List<NoiseChoice> noisesOf(List<RunResult> results) {
        List<NoiseChoice> noises = new ArrayList<>();
        for (RunResult r : results) {
            NoiseChoice n = NoiseChoice.parse(r.noise);
            if (!noises.contains(n)) {
                noises.add(n);
            }
        }
        noises.sort(java.util.Comparator.naturalOrder());
        return noises;
    }

    /** Results in report order: noise type (Gaussian, Laplacian, pink), then ConvNet .. DRSN-CW. */
    static List<RunResult> ordered(List<RunResult> results) {
        List<Architecture> order = List.of(PaperNumbers.ARCHS);
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort(
                java.util.Comparator.<RunResult>comparingInt(
                                r -> NoiseChoice.parse(r.noise).ordinal())
                        .thenComparingInt(r -> order.indexOf(Architecture.valueOf(r.arch))));
        return sorted;
    }

    static RunResult find(List<RunResult> results, NoiseChoice noise, Architecture arch) {
        for (RunResult r : results) {
            if (r.noise.equals(noise.cliName()) && r.arch.equals(arch.name())) {
                return r;
            }
        }
        return null;
    }

    private static List<Architecture> archsOf(List<RunResult> results) {
        List<Architecture> archs = new ArrayList<>();
        for (Architecture a : PaperNumbers.ARCHS) {
            for (RunResult r : results) {
                if (r.arch.equals(a.name()) && !archs.contains(a)) {
                    archs.add(a);
                }
            }
        }
        return archs;
    }

    /**
     * The report: one section after another, each left out when the runs give it nothing to show.
     *
     * @param generatedAt when the report was made, as printed in its first lines
     */
    static String markdown(
            List<RunResult> results,
            String commandLine,
            String config,
            List<String> plots,
            Instant generatedAt) {
        Runs runs = new Runs(results, noisesOf(results), archsOf(results));
        return introduction(runs, commandLine, config, generatedAt)
                + accuracyPerSnr(runs)
                + summaryPerArchitecture(runs)
                + drsnCwMinusResNet(runs)
                + throughput(runs)
                + confusionMatrices(runs)
                + plotLinks(plots);
    }

    /** The runs of a report with the noise types and architectures among them, both in report order. */
    private record Runs(
            List<RunResult> results, List<NoiseChoice> noises, List<Architecture> archs) {

        RunResult find(NoiseChoice noise, Architecture arch) {
            return ReproductionReport.find(results, noise, arch);
        }
    }

    private static String introduction(
            Runs runs, String commandLine, String config, Instant generatedAt) {
        StringBuilder md = new StringBuilder();
        md.append("# DRSN reproduction on simulated data\n\n");
        md.append("Generated by `drsn-train reproduce` at ").append(generatedAt).append(".\n\n");
        md.append("Command: `").append(commandLine).append("`\n\n");
        md.append(config).append(".\n\n");
        md.append(
                "Ours: accuracy on held-out simulated windows (another seed), the same noisy windows for every "
                        + "architecture. Paper: Zhao et al., IEEE TII 2020, bar charts (+-0.5), on the real gearbox data. "
                        + "Cells are `ours / paper` in %.\n\n");
        if (runs.results().stream().anyMatch(r -> r.stopped)) {
            md.append(
                    "**Note:** at least one run was stopped before its last epoch (marked * below).\n\n");
        }
        return md.toString();
    }

    /** One column per noise type and architecture, one row per SNR, then the mean and the clean accuracy. */
    private static String accuracyPerSnr(Runs runs) {
        StringBuilder md = new StringBuilder("## Accuracy per SNR (%), ours / paper\n\n| SNR dB |");
        for (NoiseChoice n : runs.noises()) {
            for (Architecture a : runs.archs()) {
                md.append(' ')
                        .append(shortNoise(n))
                        .append(' ')
                        .append(ArchitectureConverter.displayName(a))
                        .append(mark(runs.find(n, a)))
                        .append(" |");
            }
        }
        md.append('\n').append("|---|");
        md.append("---|".repeat(runs.noises().size() * runs.archs().size())).append('\n');
        for (int snr : PaperNumbers.SNRS) {
            md.append("| ").append(snrLabel(snr)).append(" |");
            for (NoiseChoice n : runs.noises()) {
                for (Architecture a : runs.archs()) {
                    RunResult r = runs.find(n, a);
                    Double ours = r == null ? null : r.accuracyBySnr.get(Integer.toString(snr));
                    md.append(' ')
                            .append(pct(ours))
                            .append(" / ")
                            .append(num(PaperNumbers.accuracy(n.single(), a, snr)))
                            .append(" |");
                }
            }
            md.append('\n');
        }
        md.append("| mean |");
        for (NoiseChoice n : runs.noises()) {
            for (Architecture a : runs.archs()) {
                RunResult r = runs.find(n, a);
                md.append(' ')
                        .append(r == null ? "–" : pct(r.meanNoisy()))
                        .append(" / ")
                        .append(num(paperMean(n.single(), a)))
                        .append(" |");
            }
        }
        md.append("\n| clean |");
        for (NoiseChoice n : runs.noises()) {
            for (Architecture a : runs.archs()) {
                RunResult r = runs.find(n, a);
                md.append(' ')
                        .append(r == null ? "–" : pct(r.accuracyClean))
                        .append(" / ")
                        .append(num(PaperNumbers.CLEAN.get(a)))
                        .append(" |");
            }
        }
        md.append(
                "\n\n`clean` = the same test windows without added noise (paper: its no-noise experiment).\n\n");
        return md.toString();
    }

    /** Per architecture: the mean over all noisy settings and the clean accuracy, averaged over noise types. */
    private static String summaryPerArchitecture(Runs runs) {
        StringBuilder md = new StringBuilder("## Summary per architecture (%)\n\n");
        md.append("| architecture | ours: mean over the ")
                .append(runs.noises().size() * PaperNumbers.SNRS.length)
                .append(
                        " noisy settings | paper: mean over 33 (Table III) | ours: clean | paper: clean |\n");
        md.append("|---|---|---|---|---|\n");
        for (Architecture a : runs.archs()) {
            double sum = 0;
            double clean = 0;
            int k = 0;
            boolean complete = true;
            for (NoiseChoice n : runs.noises()) {
                RunResult r = runs.find(n, a);
                if (r == null) {
                    complete = false;
                    continue;
                }
                sum += r.meanNoisy();
                clean += r.accuracyClean;
                k++;
            }
            md.append("| ")
                    .append(ArchitectureConverter.displayName(a))
                    .append(" | ")
                    .append(k == 0 ? "–" : pct(sum / k) + (complete ? "" : " (partial)"))
                    .append(" | ")
                    .append(num(PaperNumbers.MEAN_NOISY.get(a)))
                    .append(" | ")
                    .append(k == 0 ? "–" : pct(clean / k))
                    .append(" | ")
                    .append(num(PaperNumbers.CLEAN.get(a)))
                    .append(" |\n");
        }
        md.append('\n');
        return md.toString();
    }

    /** The paper's claim in one table: DRSN-CW's gain over ResNet per SNR; empty without both. */
    private static String drsnCwMinusResNet(Runs runs) {
        if (!runs.archs().contains(Architecture.DRSN_CW)
                || !runs.archs().contains(Architecture.RESNET)) {
            return "";
        }
        StringBuilder md =
                new StringBuilder(
                        "## DRSN-CW minus ResNet (percentage points), ours / paper\n\n| SNR dB |");
        for (NoiseChoice n : runs.noises()) {
            md.append(' ').append(shortNoise(n)).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(runs.noises().size())).append('\n');
        for (int snr : PaperNumbers.SNRS) {
            md.append("| ").append(snrLabel(snr)).append(" |");
            for (NoiseChoice n : runs.noises()) {
                RunResult cw = runs.find(n, Architecture.DRSN_CW);
                RunResult res = runs.find(n, Architecture.RESNET);
                String key = Integer.toString(snr);
                String ours =
                        cw == null
                                        || res == null
                                        || !cw.accuracyBySnr.containsKey(key)
                                        || !res.accuracyBySnr.containsKey(key)
                                ? "–"
                                : signed(
                                        100
                                                * (cw.accuracyBySnr.get(key)
                                                        - res.accuracyBySnr.get(key)));
                double paper =
                        PaperNumbers.accuracy(n.single(), Architecture.DRSN_CW, snr)
                                - PaperNumbers.accuracy(n.single(), Architecture.RESNET, snr);
                md.append(' ').append(ours).append(" / ").append(signed(paper)).append(" |");
            }
            md.append('\n');
        }
        md.append("| mean |");
        for (NoiseChoice n : runs.noises()) {
            RunResult cw = runs.find(n, Architecture.DRSN_CW);
            RunResult res = runs.find(n, Architecture.RESNET);
            String ours =
                    cw == null || res == null
                            ? "–"
                            : signed(100 * (cw.meanNoisy() - res.meanNoisy()));
            double paper =
                    paperMean(n.single(), Architecture.DRSN_CW)
                            - paperMean(n.single(), Architecture.RESNET);
            md.append(' ').append(ours).append(" / ").append(signed(paper)).append(" |");
        }
        md.append("\n\n");
        int tests = runs.results().isEmpty() ? 0 : runs.results().get(0).testWindows;
        if (tests > 0) {
            double se = 100 * Math.sqrt(0.8 * 0.2 / tests);
            md.append(
                    String.format(
                            Locale.ROOT,
                            "Sampling error: with %d test windows, one accuracy near 80 %% has a standard error of "
                                    + "about %.1f points; a difference between two models on the same windows is "
                                    + "less noisy than that, but a single training run (one seed) also varies.%n%n",
                            tests,
                            se));
        }
        return md.toString();
    }

    /** Samples per second per architecture, extrapolated to the paper's 100 epochs of 25,920 windows. */
    private static String throughput(Runs runs) {
        StringBuilder md =
                new StringBuilder("## Training throughput (measured on this machine)\n\n");
        md.append(
                "| architecture | runs | samples/s (mean) | s per epoch of 25,920 windows | s per 100 epochs (extrapolated) "
                        + "| paper, GTX 1070: s per 100 epochs |\n|---|---|---|---|---|---|\n");
        for (Architecture a : runs.archs()) {
            double rate = 0;
            int k = 0;
            for (RunResult r : runs.results()) {
                if (r.arch.equals(a.name()) && r.samplesPerSecond > 0) {
                    rate += r.samplesPerSecond;
                    k++;
                }
            }
            rate = k == 0 ? 0 : rate / k;
            md.append("| ")
                    .append(ArchitectureConverter.displayName(a))
                    .append(" | ")
                    .append(k)
                    .append(" | ")
                    .append(k == 0 ? "–" : String.format(Locale.ROOT, "%.0f", rate))
                    .append(" | ")
                    .append(k == 0 ? "–" : String.format(Locale.ROOT, "%.1f", 25_920 / rate))
                    .append(" | ")
                    .append(k == 0 ? "–" : String.format(Locale.ROOT, "%.0f", 100 * 25_920 / rate))
                    .append(" | ")
                    .append(num0(PaperNumbers.GTX1070_SECONDS_PER_100_EPOCHS.get(a)))
                    .append(" |\n");
        }
        md.append(
                "\nSamples/s include the per-batch noise injection and input normalisation (CPU, batch 128).\n\n");
        return md.toString();
    }

    /** DRSN-CW's confusion matrix at -5 dB per noise type; empty when no run kept one. */
    private static String confusionMatrices(Runs runs) {
        StringBuilder md = new StringBuilder();
        for (NoiseChoice n : runs.noises()) {
            RunResult cw = runs.find(n, Architecture.DRSN_CW);
            if (cw == null || !cw.confusionBySnr.containsKey("-5")) {
                continue;
            }
            if (md.length() == 0) {
                md.append("## Confusion matrices of DRSN-CW at -5 dB\n\n");
            }
            md.append("### ")
                    .append(n.cliName())
                    .append(" noise (accuracy ")
                    .append(pct(cw.accuracyBySnr.get("-5")))
                    .append(" %)\n\n");
            md.append(confusionMarkdown(cw.confusionBySnr.get("-5"))).append('\n');
        }
        return md.toString();
    }

    private static String plotLinks(List<String> plots) {
        if (plots.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Plots\n\n");
        for (String p : plots) {
            md.append("![").append(p).append("](").append(p).append(")\n\n");
        }
        return md.toString();
    }

    static String confusionMarkdown(int[][] confusion) {
        List<String> labels = DataSets.labels();
        StringBuilder sb = new StringBuilder("| true \\ predicted |");
        for (String l : labels) {
            sb.append(' ').append(EvaluateCommand.abbreviate(l)).append(" |");
        }
        sb.append(" recall |\n|---|").append("---|".repeat(labels.size() + 1)).append('\n');
        double[] recall = Evaluations.recall(confusion);
        for (int i = 0; i < labels.size(); i++) {
            sb.append("| ")
                    .append(labels.get(i))
                    .append(" (")
                    .append(EvaluateCommand.abbreviate(labels.get(i)))
                    .append(") |");
            for (int j = 0; j < labels.size(); j++) {
                sb.append(' ')
                        .append(
                                i == j
                                        ? "**" + confusion[i][j] + "**"
                                        : Integer.toString(confusion[i][j]))
                        .append(" |");
            }
            sb.append(' ').append(Double.isNaN(recall[i]) ? "–" : pct(recall[i])).append(" |\n");
        }
        return sb.toString();
    }

    /** A plain-text summary for the terminal: mean accuracy over -5..+5 dB and clean, per run. */
    static String summaryTable(List<RunResult> unordered) {
        List<RunResult> results = ordered(unordered);
        StringBuilder sb = new StringBuilder();
        sb.append(
                String.format(
                        Locale.ROOT,
                        "%-10s %-8s %8s %8s %8s %8s %10s%n",
                        "noise",
                        "arch",
                        "-5 dB",
                        "0 dB",
                        "+5 dB",
                        "mean",
                        "clean"));
        for (RunResult r : results) {
            sb.append(
                    String.format(
                            Locale.ROOT,
                            "%-10s %-8s %8s %8s %8s %8s %10s%n",
                            r.noise,
                            ArchitectureConverter.displayName(Architecture.valueOf(r.arch))
                                    + mark(r),
                            pct(r.accuracyBySnr.get("-5")),
                            pct(r.accuracyBySnr.get("0")),
                            pct(r.accuracyBySnr.get("5")),
                            pct(r.meanNoisy()),
                            pct(r.accuracyClean)));
        }
        return sb.toString();
    }

    static void accuracyPlot(List<RunResult> results, NoiseChoice noise, Path png)
            throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(560)
                        .title(
                                "Accuracy vs SNR, "
                                        + noise.cliName()
                                        + " noise (solid: ours, simulated data; dashed: paper)")
                        .xAxisTitle("SNR (dB)")
                        .yAxisTitle("accuracy (%)")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin(-5.2);
        chart.getStyler().setXAxisMax(5.2);
        double min = 100;
        for (Architecture a : PaperNumbers.ARCHS) {
            List<Double> x = new ArrayList<>();
            List<Double> paper = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            List<Double> xo = new ArrayList<>();
            RunResult r = find(results, noise, a);
            for (int snr : PaperNumbers.SNRS) {
                x.add((double) snr);
                double p = PaperNumbers.accuracy(noise.single(), a, snr);
                paper.add(p);
                min = Math.min(min, p);
                if (r != null && r.accuracyBySnr.containsKey(Integer.toString(snr))) {
                    xo.add((double) snr);
                    double o = 100 * r.accuracyBySnr.get(Integer.toString(snr));
                    ours.add(o);
                    min = Math.min(min, o);
                }
            }
            Color c = COLORS.get(a);
            if (!xo.isEmpty()) {
                XYSeries s =
                        chart.addSeries(ArchitectureConverter.displayName(a) + " (ours)", xo, ours);
                s.setLineColor(c);
                s.setMarkerColor(c);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setLineStyle(new BasicStroke(2.5f));
            }
            XYSeries s =
                    chart.addSeries(ArchitectureConverter.displayName(a) + " (paper)", x, paper);
            s.setLineColor(c);
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(
                    new BasicStroke(
                            1.5f,
                            BasicStroke.CAP_BUTT,
                            BasicStroke.JOIN_MITER,
                            10f,
                            new float[] {6f, 4f},
                            0f));
        }
        chart.getStyler().setYAxisMin(Math.floor(min / 10) * 10);
        chart.getStyler().setYAxisMax(100.0);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static void confusionPlot(int[][] confusion, String title, Path png) throws IOException {
        List<String> labels = new ArrayList<>();
        for (HealthState s : HealthState.values()) {
            labels.add(EvaluateCommand.abbreviate(s.name()));
        }
        List<String> rows = new ArrayList<>(labels);
        java.util.Collections.reverse(rows);
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(720)
                        .height(640)
                        .title(title)
                        .xAxisTitle("predicted")
                        .yAxisTitle("true")
                        .build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler()
                .setRangeColors(
                        new Color[] {Color.WHITE, new Color(0x9ecae1), new Color(0x08519c)});
        chart.getStyler().setLegendVisible(false);
        int n = confusion.length;
        List<Number[]> heat = new ArrayList<>();
        int max = 1;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // Row 0 (HEALTHY) at the top: y index counts from the bottom.
                heat.add(new Number[] {j, n - 1 - i, confusion[i][j]});
                max = Math.max(max, confusion[i][j]);
            }
        }
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.addSeries("confusion", labels, rows, heat);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double paperMean(NoiseType type, Architecture a) {
        double sum = 0;
        for (int snr : PaperNumbers.SNRS) {
            sum += PaperNumbers.accuracy(type, a, snr);
        }
        return sum / PaperNumbers.SNRS.length;
    }

    private static String shortNoise(NoiseChoice n) {
        return switch (n) {
            case GAUSSIAN -> "Gauss";
            case LAPLACIAN -> "Laplace";
            case PINK -> "Pink";
            default -> n.cliName();
        };
    }

    private static String snrLabel(int snr) {
        return snr > 0 ? "+" + snr : Integer.toString(snr);
    }

    private static String mark(RunResult r) {
        return r != null && r.stopped ? "*" : "";
    }

    private static String pct(Double share) {
        return share == null || share.isNaN()
                ? "–"
                : String.format(Locale.ROOT, "%.1f", 100 * share);
    }

    private static String num(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String num0(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f", v);
    }
}
