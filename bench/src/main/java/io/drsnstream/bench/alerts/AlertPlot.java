package io.drsnstream.bench.alerts;

import io.drsnstream.sim.NoiseType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The measurement in one PNG, against SNR: false alerts per sensor-hour on healthy sensors (left)
 * and the median time from onset to RAISED (right), one line per policy under white Gaussian
 * noise, and the chosen policy under the other noise types dashed. Clean sensors have no SNR to
 * plot them at: they are in the tables.
 */
public final class AlertPlot {

    private static final int WIDTH = 760;
    private static final int HEIGHT = 520;

    private AlertPlot() {}

    /** Writes the plot of {@code results} (one seed set) to {@code file}. */
    public static void save(
            List<ConditionResult> results, List<PolicySpec> grid, PolicySpec chosen, Path file)
            throws IOException {
        XYChart falseAlerts =
                chart("False alerts on healthy sensors", "false alerts per sensor-hour");
        XYChart detection = chart("Fault onset to RAISED", "median seconds of sensor time");
        for (PolicySpec spec : grid) {
            boolean isChosen = spec.equals(chosen);
            addSeries(falseAlerts, detection, results, spec, NoiseType.WHITE_GAUSSIAN, isChosen);
        }
        for (NoiseType noise : List.of(NoiseType.LAPLACIAN, NoiseType.PINK)) {
            addSeries(falseAlerts, detection, results, chosen, noise, true);
        }
        BitmapEncoder.saveBitmap(
                List.of(falseAlerts, detection),
                1,
                2,
                file.toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(HEIGHT)
                        .title(title)
                        .xAxisTitle("SNR (dB)")
                        .yAxisTitle(yTitle)
                        .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static void addSeries(
            XYChart falseAlerts,
            XYChart detection,
            List<ConditionResult> results,
            PolicySpec spec,
            NoiseType noise,
            boolean bold) {
        List<Double> snr = new ArrayList<>();
        List<Double> rate = new ArrayList<>();
        List<Double> detectionSnr = new ArrayList<>();
        List<Double> median = new ArrayList<>();
        for (ConditionResult result : results) {
            Condition condition = Condition.parse(result.condition());
            PolicyResult policy = result.policy(spec.toString());
            if (condition.noise() != noise || policy == null) {
                continue;
            }
            snr.add(condition.snrDb());
            rate.add(policy.healthy().perSensorHour());
            if (policy.faulty().medianSeconds() != null) {
                detectionSnr.add(condition.snrDb());
                median.add(policy.faulty().medianSeconds());
            }
        }
        if (snr.isEmpty()) {
            return;
        }
        String name =
                noise == NoiseType.WHITE_GAUSSIAN
                        ? spec.toString()
                        : spec + ", " + noise.name().toLowerCase(Locale.ROOT);
        style(falseAlerts.addSeries(name, snr, rate), noise, bold);
        if (!median.isEmpty()) {
            style(detection.addSeries(name, detectionSnr, median), noise, bold);
        }
    }

    private static void style(XYSeries series, NoiseType noise, boolean bold) {
        series.setMarker(SeriesMarkers.CIRCLE);
        if (noise != NoiseType.WHITE_GAUSSIAN) {
            series.setLineStyle(SeriesLines.DASH_DASH);
        }
        if (bold) {
            series.setLineWidth(3f);
        }
    }
}
