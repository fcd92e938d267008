package io.drsnstream.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Turns benchmark results into the PNG plots of docs/performance.md and prints every JMH result
 * as a Markdown table to paste there:
 * <ul>
 *   <li>{@code scorer-throughput.png}: windows/s against batch size, one line per architecture
 *       (and thread setting), from ScorerBenchmark in JMH JSON ({@code -rf json -rff FILE});</li>
 *   <li>{@code training-throughput.png}: samples/s per architecture, from TrainingStepBenchmark;</li>
 *   <li>{@code pipeline-throughput.png}: model alone, raw Kafka and the pipeline's drain rate,
 *       per delivery mode, from PipelineBenchmark result files;</li>
 *   <li>{@code latency-vs-load.png}: p50/p95/p99 against offered windows/s, per delivery mode;</li>
 *   <li>{@code soak-memory.png}: RSS and heap over a soak run (from its CSV).</li>
 * </ul>
 * Plots whose input is missing are skipped.
 */
@Command(
        name = "PlotResults",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "PNG plots and a Markdown table from JMH JSON and PipelineBenchmark results.")
public final class PlotResults implements Callable<Integer> {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    @Option(
            names = "--jmh",
            split = ",",
            paramLabel = "FILE",
            description = "JMH JSON result files.")
    List<Path> jmhFiles = new ArrayList<>();

    @Option(
            names = "--pipeline",
            split = ",",
            paramLabel = "FILE",
            description = "PipelineBenchmark JSON files.")
    List<Path> pipelineFiles = new ArrayList<>();

    @Option(
            names = "--out",
            defaultValue = "docs/performance",
            paramLabel = "DIR",
            description = "Where the PNGs go (default: ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new PlotResults());
        cli.setParameterExceptionHandler(
                (e, a) -> {
                    System.err.println("PlotResults: " + e.getMessage() + " (see --help)");
                    return 2;
                });
        cli.setExecutionExceptionHandler(
                (e, c, parsed) -> {
                    System.err.println(
                            "PlotResults: "
                                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return 1;
                });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (jmhFiles.isEmpty() && pipelineFiles.isEmpty()) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "give --jmh and/or --pipeline files");
        }
        Files.createDirectories(out);
        List<JsonObject> jmh = new ArrayList<>();
        for (Path file : jmhFiles) {
            for (JsonElement e : read(file).getAsJsonArray()) {
                jmh.add(e.getAsJsonObject());
            }
        }
        List<JsonObject> pipelines = new ArrayList<>();
        for (Path file : pipelineFiles) {
            pipelines.add(read(file).getAsJsonObject());
        }
        if (!jmh.isEmpty()) {
            printMarkdown(jmh);
            scorerPlot(jmh);
            trainingPlot(jmh);
        }
        if (!pipelines.isEmpty()) {
            pipelineThroughputPlot(pipelines);
            latencyPlot(pipelines);
            soakPlot(pipelines);
        }
        return 0;
    }

    private static JsonElement read(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw new IOException(file + " is not JSON: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // JMH

    private static String shortName(JsonObject result) {
        String name = result.get("benchmark").getAsString();
        int dot = name.lastIndexOf('.', name.lastIndexOf('.') - 1);
        return name.substring(dot + 1);
    }

    private static String param(JsonObject result, String name) {
        JsonObject params = result.getAsJsonObject("params");
        return params == null || !params.has(name) ? null : params.get(name).getAsString();
    }

    /** Score and error of the primary metric, or of a secondary one (e.g. "windows"). */
    private static double[] metric(JsonObject result, String secondary) {
        JsonObject m =
                secondary == null
                        ? result.getAsJsonObject("primaryMetric")
                        : result.getAsJsonObject("secondaryMetrics").getAsJsonObject(secondary);
        if (m == null) {
            return null;
        }
        double error =
                m.get("scoreError").isJsonPrimitive()
                        ? m.get("scoreError").getAsDouble()
                        : Double.NaN;
        return new double[] {m.get("score").getAsDouble(), Double.isNaN(error) ? 0 : error};
    }

    /** One row per benchmark and parameter set: every figure docs/performance.md needs. */
    private static void printMarkdown(List<JsonObject> jmh) {
        System.out.println("| benchmark | params | score | ± | unit | threads (JMH) |");
        System.out.println("|---|---|---|---|---|---|");
        for (JsonObject r : jmh) {
            JsonObject params = r.getAsJsonObject("params");
            String p =
                    params == null
                            ? ""
                            : params.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue().getAsString())
                                    .reduce((a, b) -> a + " " + b)
                                    .orElse("");
            row(shortName(r), p, r.getAsJsonObject("primaryMetric"), r.get("threads").getAsInt());
            JsonObject secondary = r.getAsJsonObject("secondaryMetrics");
            if (secondary != null) {
                for (Map.Entry<String, JsonElement> e : secondary.entrySet()) {
                    row(
                            shortName(r) + ":" + e.getKey(),
                            p,
                            e.getValue().getAsJsonObject(),
                            r.get("threads").getAsInt());
                }
            }
        }
    }

    private static void row(String name, String params, JsonObject metric, int threads) {
        JsonElement error = metric.get("scoreError");
        System.out.printf(
                Locale.ROOT,
                "| %s | %s | %.1f | %s | %s | %d |%n",
                name,
                params,
                metric.get("score").getAsDouble(),
                error.isJsonPrimitive() && !Double.isNaN(error.getAsDouble())
                        ? String.format(Locale.ROOT, "%.1f", error.getAsDouble())
                        : "",
                metric.get("scoreUnit").getAsString(),
                threads);
    }

    private void scorerPlot(List<JsonObject> jmh) throws IOException {
        Map<String, TreeMap<Integer, double[]>> series = new TreeMap<>();
        for (JsonObject r : jmh) {
            if (!shortName(r).equals("ScorerBenchmark.score")) {
                continue;
            }
            double[] windows = metric(r, "windows");
            if (windows == null) {
                continue;
            }
            String threads = param(r, "threads");
            String name =
                    param(r, "architecture")
                            + ("0".equals(threads) || threads == null
                                    ? ""
                                    : ", " + threads + " intra-op thread(s)")
                            + (r.get("threads").getAsInt() > 1
                                    ? ", " + r.get("threads").getAsInt() + " scorers"
                                    : "");
            series.computeIfAbsent(name, k -> new TreeMap<>())
                    .put(Integer.parseInt(param(r, "batch")), windows);
        }
        if (series.isEmpty()) {
            return;
        }
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Scorer throughput (2048-sample windows, CPU)")
                        .xAxisTitle("batch size")
                        .yAxisTitle("windows / s")
                        .build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        series.forEach(
                (name, points) -> {
                    double[] x =
                            points.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                    double[] y = points.values().stream().mapToDouble(v -> v[0]).toArray();
                    double[] e = points.values().stream().mapToDouble(v -> v[1]).toArray();
                    chart.addSeries(name, x, y, e);
                });
        save(chart, "scorer-throughput");
    }

    private void trainingPlot(List<JsonObject> jmh) throws IOException {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Double> errors = new ArrayList<>();
        for (JsonObject r : jmh) {
            if (!shortName(r).equals("TrainingStepBenchmark.step")) {
                continue;
            }
            String threads = param(r, "threads");
            names.add(
                    param(r, "architecture")
                            + ("0".equals(threads) || threads == null
                                    ? ""
                                    : " (" + threads + "t)"));
            double[] m = metric(r, null);
            values.add(m[0]);
            errors.add(m[1]);
        }
        if (names.isEmpty()) {
            return;
        }
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Training throughput (batch 128, SGD momentum, CPU)")
                        .xAxisTitle("architecture")
                        .yAxisTitle("samples / s")
                        .build();
        chart.getStyler().setLegendVisible(false);
        chart.addSeries("samples/s", names, values, errors);
        save(chart, "training-throughput");
    }

    // ---------------------------------------------------------------------------------------------
    // Pipeline

    private static String delivery(JsonObject run) {
        return run.getAsJsonObject("settings")
                .getAsJsonObject("job")
                .get("delivery.guarantee")
                .getAsString();
    }

    private static Double number(JsonObject object, String... path) {
        JsonElement e = object;
        for (String key : path) {
            if (e == null || !e.isJsonObject() || !e.getAsJsonObject().has(key)) {
                return null;
            }
            e = e.getAsJsonObject().get(key);
        }
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()
                ? e.getAsDouble()
                : null;
    }

    private void pipelineThroughputPlot(List<JsonObject> runs) throws IOException {
        // Bar groups must share one category list: the union over all runs, null where missing.
        List<String> categories = new ArrayList<>();
        List<Map<String, Double>> valuesPerRun = new ArrayList<>();
        for (JsonObject run : runs) {
            JsonObject phases = run.getAsJsonObject("phases");
            Map<String, Double> values = new java.util.LinkedHashMap<>();
            JsonObject model = phases.getAsJsonObject("model");
            if (model != null) {
                for (JsonElement e : model.getAsJsonArray("runs")) {
                    JsonObject m = e.getAsJsonObject();
                    values.put(
                            "model, batch " + m.get("batch").getAsInt(),
                            m.get("windowsPerSecond").getAsDouble());
                }
            }
            values.put("raw Kafka", number(phases, "kafka", "windowsPerSecond"));
            values.put("pipeline drain", number(phases, "drain", "windowsPerSecond"));
            values.values().removeIf(v -> v == null || !Double.isFinite(v));
            for (String name : values.keySet()) {
                if (!categories.contains(name)) {
                    categories.add(name);
                }
            }
            valuesPerRun.add(values);
        }
        if (categories.isEmpty()) {
            return;
        }
        CategoryChart chart =
                new CategoryChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Where the throughput goes")
                        .xAxisTitle("")
                        .yAxisTitle("windows / s")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        for (int i = 0; i < runs.size(); i++) {
            Map<String, Double> values = valuesPerRun.get(i);
            if (values.isEmpty()) {
                continue;
            }
            List<Double> y = categories.stream().map(values::get).toList();
            // The start time tells runs of one delivery mode apart; minutes are enough.
            String started = runs.get(i).get("startedAt").getAsString();
            chart.addSeries(
                    delivery(runs.get(i))
                            + " "
                            + started.substring(0, Math.min(16, started.length())),
                    categories,
                    y);
        }
        save(chart, "pipeline-throughput");
    }

    private void latencyPlot(List<JsonObject> runs) throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Latency from last sample to readable score")
                        .xAxisTitle("offered windows / s")
                        .yAxisTitle("latency (ms, log scale)")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        // Exactly-once latencies are about the checkpoint interval, at-least-once ones 100x less.
        chart.getStyler().setYAxisLogarithmic(true);
        boolean any = false;
        for (JsonObject run : runs) {
            JsonElement latency = run.getAsJsonObject("phases").get("latency");
            if (latency == null || !latency.isJsonArray() || latency.getAsJsonArray().isEmpty()) {
                continue;
            }
            JsonArray points = latency.getAsJsonArray();
            for (String p : List.of("p50Ms", "p95Ms", "p99Ms")) {
                TreeMap<Double, Double> byRate = new TreeMap<>();
                for (JsonElement e : points) {
                    JsonObject point = e.getAsJsonObject();
                    Double rate = number(point, "fleet", "offeredWindowsPerSecond");
                    Double value = number(point, "latency", p);
                    if (rate != null && value != null && value > 0) {
                        byRate.put(rate, value);
                    }
                }
                if (!byRate.isEmpty()) {
                    chart.addSeries(
                            delivery(run) + " " + p.replace("Ms", ""),
                            byRate.keySet().stream().mapToDouble(Double::doubleValue).toArray(),
                            byRate.values().stream().mapToDouble(Double::doubleValue).toArray());
                    any = true;
                }
            }
        }
        if (any) {
            save(chart, "latency-vs-load");
        }
    }

    private void soakPlot(List<JsonObject> runs) throws IOException {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title("Memory during the soak run")
                        .xAxisTitle("minutes")
                        .yAxisTitle("MiB")
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        boolean any = false;
        for (JsonObject run : runs) {
            JsonObject soak = run.getAsJsonObject("phases").getAsJsonObject("soak");
            if (soak == null || !soak.has("csv")) {
                continue;
            }
            Path csv = Path.of(soak.get("csv").getAsString());
            if (!Files.isRegularFile(csv)) {
                System.err.println("PlotResults: skipping the soak plot: " + csv + " not found");
                continue;
            }
            List<String> lines = Files.readAllLines(csv);
            List<String> header = List.of(lines.get(0).split(","));
            int t = header.indexOf("elapsed_s");
            int rss = header.indexOf("rss_mb");
            int heap = header.indexOf("heap_used_mb");
            int n = lines.size() - 1;
            if (n < 1) {
                continue;
            }
            double[] x = new double[n];
            double[] yRss = new double[n];
            double[] yHeap = new double[n];
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",");
                x[i] = Double.parseDouble(cells[t]) / 60.0;
                yRss[i] = Double.parseDouble(cells[rss]);
                yHeap[i] = Double.parseDouble(cells[heap]);
            }
            chart.addSeries("RSS, " + delivery(run), x, yRss);
            chart.addSeries("heap used, " + delivery(run), x, yHeap);
            any = true;
        }
        if (any) {
            save(chart, "soak-memory");
        }
    }

    private void save(Chart<?, ?> chart, String name) throws IOException {
        Path file = out.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.err.println("PlotResults: wrote " + file);
    }
}
