package io.drsnstream.demo;

import io.drsnstream.demo.fleet.SimulatedFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drsn-demo local}: everything on this machine, until Ctrl-C or {@code --duration}. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description =
                "Run Kafka, Flink with the scoring job and a simulated fleet on 127.0.0.1, and show the scores and the job's alerts live.")
public final class LocalDemoCommand implements Callable<Integer> {

    /** The demo's noise level, in dB SNR, when {@code --noise-snr} is not given. */
    public static final String DEFAULT_NOISE_SNR_DB = "5";

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Stop after this long (e.g. 90s, 5m); default: run until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--machines",
            defaultValue = "3",
            description = "Simulated machines (default: ${DEFAULT-VALUE}).")
    int machines;

    @Option(
            names = "--sensors",
            defaultValue = "2",
            description = "Accelerometers per machine (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(
            names = "--noise-snr",
            defaultValue = DEFAULT_NOISE_SNR_DB,
            description =
                    "SNR in dB of the noise on every sensor, the healthy machine's included, from the start;"
                            + " 'none' for no noise (default: ${DEFAULT-VALUE}).",
            converter = SnrConverter.class)
    double noiseSnrDb;

    @Option(
            names = "--speedup",
            defaultValue = "1",
            description =
                    "Simulated time runs this many times faster than real time (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(
            names = "--healthy-seconds",
            defaultValue = "30",
            description = "Sensor seconds before the faults appear (default: ${DEFAULT-VALUE}).")
    double healthySeconds;

    @Option(
            names = "--onset-seconds",
            defaultValue = "60",
            description =
                    "Sensor seconds over which a fault grows from light to severe (default: ${DEFAULT-VALUE}).")
    double onsetSeconds;

    @Option(
            names = "--web-ui-port",
            defaultValue = "8081",
            description = "Port of the Flink web UI (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(
            names = "--model",
            defaultValue = "models/drsn-cw",
            description = "Model directory (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(
            names = "--plain",
            description =
                    "No live table: print the job's alert events as lines, and the table at the end.")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        if (machines < 1
                || sensors < 1
                || !(speedup > 0)
                || !(healthySeconds > 0)
                || !(onsetSeconds > 0)) {
            throw new picocli.CommandLine.ParameterException(
                    new picocli.CommandLine(this),
                    "--machines, --sensors, --speedup, --healthy-seconds and --onset-seconds must be positive");
        }
        if (!Files.isRegularFile(model.resolve("model.json"))) {
            System.err.println(
                    "local: no model at "
                            + model.toAbsolutePath()
                            + " (run from the repository root, or pass --model DIR)");
            return 1;
        }
        LocalDemo.Options options =
                new LocalDemo.Options(
                        machines,
                        sensors,
                        speedup,
                        new SimulatedFleet.Script(healthySeconds, onsetSeconds, noiseSnrDb),
                        webUiPort,
                        model,
                        !plain,
                        System.out);
        LocalDemo demo = new LocalDemo(options);
        Thread mainThread = Thread.currentThread();
        Thread hook =
                new Thread(
                        () -> {
                            System.out.println(
                                    "\nStopping: cancelling the job, stopping Kafka, removing temporary data ...");
                            demo.close();
                            mainThread.interrupt();
                        },
                        "drsn-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.start();
            demo.runFor(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            demo.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
        System.out.println("Stopped.");
        return 0;
    }

    /** Reads an SNR in dB, or {@code none} for no added noise. */
    public static final class SnrConverter implements picocli.CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            if (value.equalsIgnoreCase("none")) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not an SNR in dB or 'none'");
            }
        }
    }
}
