package io.drsnstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.demo.fleet.SimulatedFleet;
import io.drsnstream.demo.view.ScoreBoard;
import io.drsnstream.kafka.LoopbackPorts;
import io.drsnstream.sim.HealthState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The local demo, headless and faster than real time, from start to a clean shutdown, with the
 * committed model and the threshold the job puts in force for it. Noise is on every sensor from
 * the start, at the demo's default SNR and at 0 dB: the healthy machine must never be flagged,
 * each faulty machine must be flagged after its onset with its own fault.
 */
class LocalDemoTest {

    private static final double HEALTHY_SECONDS = 10;
    private static final double ONSET_SECONDS = 20;
    /** Sensor time each run covers: the healthy phase, the onset, then 15 s of a severe fault. */
    private static final double RUN_SENSOR_SECONDS = HEALTHY_SECONDS + ONSET_SECONDS + 15;
    private static final double SPEEDUP = 10;

    static Path committedModel() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("models/drsn-cw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("models/drsn-cw not found");
        }
        return dir.resolve("models/drsn-cw");
    }

    @ParameterizedTest(name = "noise at {0} dB SNR")
    @ValueSource(strings = {LocalDemoCommand.DEFAULT_NOISE_SNR_DB, "0"})
    void noHealthyFlagAndEveryFaultFlaggedWithItsOwnLabelUnderNoise(String snrDb) throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        int webUiPort = LoopbackPorts.findFree();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LocalDemo.Options options = new LocalDemo.Options(3, 2, SPEEDUP,
                new SimulatedFleet.Script(HEALTHY_SECONDS, ONSET_SECONDS, Double.parseDouble(snrDb)), webUiPort,
                committedModel(), false, new PrintStream(console, true));

        LocalDemo demo = new LocalDemo(options);
        int kafkaPort;
        Map<String, ScoreBoard.Row> latest;
        List<ScoreBoard.Flag> flags;
        long started = System.nanoTime();
        try {
            demo.start();
            kafkaPort = demo.kafkaPort();
            assertThat(LoopbackPorts.isFree(webUiPort)).as("the Flink web UI is up").isFalse();
            // 10x real time: 45 s of sensor time in under 5 s once the pipeline is warm.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do {
                demo.runFor(Duration.ofSeconds(1));
                latest = demo.board().rows().stream()
                        .collect(Collectors.toMap(ScoreBoard.Row::sensorId, Function.identity()));
            } while (System.nanoTime() < deadline && !(latest.size() == 6
                    && latest.values().stream().allMatch(r -> r.sensorSeconds() >= RUN_SENSOR_SECONDS)));
            flags = demo.board().flags();
        } finally {
            demo.close();
        }
        Map<String, ScoreBoard.Row> rows = latest;
        System.out.printf("LocalDemoTest at %s dB: %.1f s wall; %s%n", snrDb, (System.nanoTime() - started) / 1e9,
                summary(demo.fleet(), rows, flags));

        assertThat(console.toString()).contains("http://127.0.0.1:" + webUiPort).contains(snrDb + ".0 dB SNR");
        assertThat(rows).as("scored windows arrived for every simulated sensor").hasSize(6);
        Map<String, List<SimulatedFleet.Sensor>> machines = demo.fleet().sensors().stream()
                .collect(Collectors.groupingBy(SimulatedFleet.Sensor::machineId, LinkedHashMap::new, Collectors.toList()));
        Map<String, List<ScoreBoard.Flag>> flagsBySensor = flags.stream()
                .collect(Collectors.groupingBy(ScoreBoard.Flag::sensorId));
        SoftAssertions soft = new SoftAssertions();
        for (var machine : machines.entrySet()) {
            HealthState fault = machine.getValue().get(0).fault();
            List<ScoreBoard.Flag> machineFlags = machine.getValue().stream()
                    .flatMap(s -> flagsBySensor.getOrDefault(s.sensorId(), List.of()).stream())
                    .toList();
            for (SimulatedFleet.Sensor sensor : machine.getValue()) {
                soft.assertThat(rows.get(sensor.sensorId()).windows()).as("windows of %s", sensor.sensorId())
                        .isGreaterThan(200);
            }
            String figures = machine.getValue().stream().map(s -> describe(s, rows.get(s.sensorId())))
                    .collect(Collectors.joining("; "));
            if (fault == HealthState.HEALTHY) {
                soft.assertThat(machineFlags).as("flags on the healthy %s at %s dB (%s)", machine.getKey(), snrDb, figures)
                        .isEmpty();
            } else {
                soft.assertThat(machineFlags).as("flags on %s (%s) at %s dB (%s)", machine.getKey(), fault, snrDb, figures)
                        .isNotEmpty()
                        .allSatisfy(flag -> {
                            assertThat(flag.label()).as("fault named by the flag of %s", flag.sensorId())
                                    .isEqualTo(fault.name());
                            assertThat(flag.atSensorSeconds()).as("%s flagged after its onset", flag.sensorId())
                                    .isGreaterThanOrEqualTo(HEALTHY_SECONDS);
                        });
            }
        }
        soft.assertAll();

        // Everything stopped: ports free, no broker or Flink thread left behind.
        assertThat(LoopbackPorts.isFree(webUiPort)).as("web UI port released").isTrue();
        assertThat(LoopbackPorts.isFree(kafkaPort)).as("Kafka port released").isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Set<String> leftover;
        do {
            leftover = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !threadsBefore.contains(t) && !t.isDaemon())
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (leftover.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(leftover).as("non-daemon threads left after the demo stopped").isEmpty();
    }

    private static String describe(SimulatedFleet.Sensor sensor, ScoreBoard.Row row) {
        if (row == null) {
            return sensor.sensorId() + ": no windows";
        }
        return String.format("%s at %.1f Hz: %d of %d windows anomalies, first flagged %s", sensor.sensorId(),
                sensor.shaftHz(), row.anomalies(), row.windows(),
                row.firstFlaggedAtSeconds() == null ? "never" : String.format("at %.1f s", row.firstFlaggedAtSeconds()));
    }

    private static String summary(SimulatedFleet fleet, Map<String, ScoreBoard.Row> rows, List<ScoreBoard.Flag> flags) {
        return fleet.sensors().stream().map(s -> s.fault() + " " + describe(s, rows.get(s.sensorId())))
                .collect(Collectors.joining("; ")) + "; flags " + flags;
    }
}
