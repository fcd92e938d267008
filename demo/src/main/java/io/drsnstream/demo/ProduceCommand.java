package io.drsnstream.demo;

import io.drsnstream.demo.fleet.FleetProducer;
import io.drsnstream.demo.fleet.SensorClock;
import io.drsnstream.demo.fleet.SimulatedFleet;
import io.drsnstream.schemas.Topics;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drsn-demo produce}: a simulated fleet into any Kafka. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Send simulated sensor chunks (Avro SensorChunk) to a Kafka topic, paced like real sensors.")
public final class ProduceCommand implements Callable<Integer> {

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = Topics.SENSOR_CHUNKS,
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

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
            names = "--speedup",
            defaultValue = "1",
            description =
                    "Send this many times faster than real time, i.e. 12.8 kHz x speedup samples/s per sensor (default: ${DEFAULT-VALUE}).")
    double speedup;

    @Option(
            names = "--noise-snr",
            defaultValue = LocalDemoCommand.DEFAULT_NOISE_SNR_DB,
            converter = LocalDemoCommand.SnrConverter.class,
            description =
                    "SNR in dB of the noise on every sensor from the start, or 'none' (default: ${DEFAULT-VALUE}).")
    double noiseSnrDb;

    @Option(
            names = "--healthy-seconds",
            defaultValue = "30",
            description = "Sensor seconds before faults appear (default: ${DEFAULT-VALUE}).")
    double healthySeconds;

    @Option(
            names = "--onset-seconds",
            defaultValue = "60",
            description = "Sensor seconds over which faults grow (default: ${DEFAULT-VALUE}).")
    double onsetSeconds;

    @Option(
            names = "--sensor-seconds",
            description = "Stop after this many seconds of sensor time; default: until Ctrl-C.")
    Double sensorSeconds;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (machines < 1
                || sensors < 1
                || !(speedup > 0)
                || (sensorSeconds != null && !(sensorSeconds > 0))) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--machines, --sensors, --speedup and --sensor-seconds must be positive");
        }
        SensorClock clock = SensorClock.startingNow(speedup);
        SimulatedFleet fleet =
                new SimulatedFleet(
                        machines,
                        sensors,
                        new SimulatedFleet.Script(healthySeconds, onsetSeconds, noiseSnrDb),
                        clock.startMicros(),
                        seed);
        try (FleetProducer producer =
                new FleetProducer(
                        fleet,
                        clock,
                        kafka.clientProperties(),
                        topic,
                        sensorSeconds == null ? Double.POSITIVE_INFINITY : sensorSeconds)) {
            Thread hook = new Thread(producer::close, "drsn-produce-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            System.err.printf(
                    "Producing %d sensors to %s at %s (x%.1f real time) ...%n",
                    machines * sensors, topic, kafka.bootstrapServers(), speedup);
            long start = System.nanoTime();
            producer.run();
            System.err.printf(
                    "Sent %d chunks in %.1f s%n",
                    producer.chunksSent(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Already shutting down.
            }
        }
        return 0;
    }
}
