package io.drsnstream.sim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders one PNG per health state: the first 0.16 s of the signal and its envelope spectrum
 * with the expected fault frequency marked. For a look at what the simulator makes, and for
 * the documentation. Needs the optional xchart and picocli dependencies on the class path.
 */
@Command(
        name = "sim-plot",
        mixinStandardHelpOptions = true,
        description =
                "Plot the simulated signal and envelope spectrum of every health state as PNG files.")
public final class PlotMain implements Callable<Integer> {

    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 300;
    private static final int TIME_SAMPLES = 2048;
    // Longer than the plotted time signal: finer frequency resolution for the spectrum.
    private static final int SPECTRUM_SAMPLES = 16_384;

    @Option(
            names = "--out",
            description = "Output directory (default: ${DEFAULT-VALUE}).",
            defaultValue = "docs/sim")
    Path out;

    @Option(
            names = "--seed",
            description = "Random seed (default: ${DEFAULT-VALUE}).",
            defaultValue = "42")
    long seed;

    @Option(
            names = "--shaft-hz",
            description = "Input shaft speed in Hz (default: ${DEFAULT-VALUE}).",
            defaultValue = "30")
    double shaftHz;

    @Option(
            names = "--load",
            description = "Load, fraction of rated (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.5")
    double load;

    @Option(
            names = "--severity",
            description = "Fault severity 0..1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "0.8")
    double severity;

    @Option(
            names = "--sample-rate",
            description = "Sample rate in Hz (default: ${DEFAULT-VALUE}).",
            defaultValue = "12800")
    double sampleRateHz;

    /** Runs the command line; exits with its status. */
    public static void main(String[] args) {
        // Before any AWT class loads: no display on servers and in CI.
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new PlotMain()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(out);
        Drivetrain drivetrain = Drivetrain.defaults();
        for (HealthState state : HealthState.values()) {
            float[] signal =
                    new VibrationGenerator(
                                    drivetrain,
                                    sampleRateHz,
                                    SpeedProfile.constant(shaftHz),
                                    load,
                                    Timeline.constant(state, severity),
                                    seed)
                            .next(SPECTRUM_SAMPLES);
            Path file = out.resolve(state.name().toLowerCase(Locale.ROOT) + ".png");
            ImageIO.write(render(state, drivetrain, signal), "png", file.toFile());
            System.out.println(file);
        }
        return 0;
    }

    private BufferedImage render(HealthState state, Drivetrain drivetrain, float[] signal) {
        BufferedImage image =
                new BufferedImage(WIDTH, 2 * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, 2 * PANEL_HEIGHT);
        g.drawImage(BitmapEncoder.getBufferedImage(timeChart(state, signal)), 0, 0, null);
        g.drawImage(
                BitmapEncoder.getBufferedImage(envelopeChart(state, drivetrain, signal)),
                0,
                PANEL_HEIGHT,
                null);
        g.dispose();
        return image;
    }

    private XYChart timeChart(HealthState state, float[] signal) {
        double[] t = new double[TIME_SAMPLES];
        double[] x = new double[TIME_SAMPLES];
        for (int i = 0; i < TIME_SAMPLES; i++) {
            t[i] = i / sampleRateHz;
            x[i] = signal[i];
        }
        String title =
                String.format(
                        Locale.ROOT,
                        "%s, severity %.1f: %.0f Hz, load %.1f, first %.2f s",
                        state,
                        state == HealthState.HEALTHY ? 0 : severity,
                        shaftHz,
                        load,
                        TIME_SAMPLES / sampleRateHz);
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(PANEL_HEIGHT)
                        .title(title)
                        .xAxisTitle("time (s)")
                        .yAxisTitle("acceleration (g)")
                        .build();
        chart.getStyler().setLegendVisible(false);
        XYSeries series = chart.addSeries("signal", t, x);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(0.8f);
        return chart;
    }

    private XYChart envelopeChart(HealthState state, Drivetrain drivetrain, float[] signal) {
        double meshHz = drivetrain.gearbox().firstMeshOrder() * shaftHz;
        // Bearing impacts ring the housing at a few kHz; gear faults modulate the mesh harmonics.
        double low = state.isGearFault() ? 0.5 * meshHz : 2000;
        double high = Math.min(state.isGearFault() ? 3.5 * meshHz : 6000, 0.45 * sampleRateHz);
        EnvelopeSpectrum spectrum = EnvelopeSpectrum.of(signal, sampleRateHz, low, high);

        double maxHz = 20 * shaftHz;
        int bins = (int) Math.min(spectrum.size(), Math.floor(maxHz / spectrum.binWidthHz()) + 1);
        double[] f = new double[bins];
        double[] a = new double[bins];
        for (int k = 0; k < bins; k++) {
            f[k] = spectrum.frequencyOf(k);
            a[k] = spectrum.amplitude(k);
        }
        String title =
                String.format(
                        Locale.ROOT,
                        "envelope spectrum of %.0f-%.0f Hz band (%.2f s)",
                        low,
                        high,
                        signal.length / sampleRateHz);
        XYChart chart =
                new XYChartBuilder()
                        .width(WIDTH)
                        .height(PANEL_HEIGHT)
                        .title(title)
                        .xAxisTitle("frequency (Hz)")
                        .yAxisTitle("envelope amplitude (g)")
                        .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(maxHz);
        // Translucent and dashed, so a spectral line under the marker stays visible.
        chart.getStyler().setAnnotationLineColor(new Color(200, 30, 30, 140));
        chart.getStyler()
                .setAnnotationLineStroke(
                        new BasicStroke(
                                1.5f,
                                BasicStroke.CAP_BUTT,
                                BasicStroke.JOIN_MITER,
                                10f,
                                new float[] {6f, 4f},
                                0f));
        XYSeries series = chart.addSeries("envelope", f, a);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineWidth(0.8f);

        double yMax = spectrum.maxAmplitude(1, maxHz);
        if (state == HealthState.HEALTHY) {
            double bpfo = drivetrain.bearing().bpfoOrder() * shaftHz;
            mark(
                    chart,
                    bpfo,
                    maxHz,
                    yMax,
                    String.format(Locale.ROOT, "BPFO %.1f Hz (no line expected)", bpfo));
        } else {
            double hz = drivetrain.signatureOrder(state) * shaftHz;
            mark(
                    chart,
                    hz,
                    maxHz,
                    yMax,
                    String.format(Locale.ROOT, "%s %.1f Hz", signatureName(state), hz));
        }
        return chart;
    }

    private static void mark(XYChart chart, double hz, double maxHz, double yMax, String label) {
        chart.addAnnotation(new AnnotationLine(hz, true, false));
        // The text is centred on its position: shift it right of the line.
        chart.addAnnotation(new AnnotationText(label, hz + 0.16 * maxHz, 0.92 * yMax, false));
    }

    private static String signatureName(HealthState state) {
        return switch (state) {
            case OUTER_RACE -> "BPFO";
            case INNER_RACE -> "BPFI";
            case BALL -> "2 x BSF";
            default -> "sun tooth meshing";
        };
    }
}
