package io.drsnstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.drsnstream.demo.fleet.SimulatedFleet;
import io.drsnstream.demo.view.ScoreBoard;
import io.drsnstream.sim.HealthState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The local demo, headless and faster than real time, from start to a clean shutdown. */
class LocalDemoTest {

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

    @Test
    void shortHeadlessRunScoresEverySensorFlagsTheScriptedFaultsAndShutsDownCleanly() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        int webUiPort = LoopbackPorts.findFree();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        double healthySeconds = 10;
        LocalDemo.Options options = new LocalDemo.Options(3, 2, 8.0,
                new SimulatedFleet.Script(healthySeconds, 20, 10), webUiPort, committedModel(), false,
                new PrintStream(console, true));

        LocalDemo demo = new LocalDemo(options);
        int kafkaPort;
        Map<String, ScoreBoard.Row> rows;
        try {
            demo.start();
            kafkaPort = demo.kafkaPort();
            assertThat(LoopbackPorts.isFree(webUiPort)).as("the Flink web UI is up").isFalse();
            // 8x real time: 60 s of sensor time in about 8 s, once the pipeline is warm.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            do {
                demo.runFor(Duration.ofSeconds(2));
                rows = demo.board().rows().stream().collect(Collectors.toMap(ScoreBoard.Row::sensorId, Function.identity()));
            } while (System.nanoTime() < deadline && !(rows.size() == 6
                    && rows.values().stream().allMatch(r -> r.sensorSeconds() > healthySeconds + 25)));
        } finally {
            demo.close();
        }

        assertThat(console.toString()).contains("http://127.0.0.1:" + webUiPort);
        assertThat(rows).as("scored windows arrived for every simulated sensor").hasSize(6);
        for (SimulatedFleet.Sensor sensor : demo.fleet().sensors()) {
            ScoreBoard.Row row = rows.get(sensor.sensorId());
            assertThat(row.windows()).as("windows of %s", sensor.sensorId()).isGreaterThan(50);
            if (sensor.fault() != HealthState.HEALTHY) {
                assertThat(row.lastFlaggedAtSeconds())
                        .as("%s (%s) flagged after its onset at %.0f s", sensor.sensorId(), sensor.fault(), healthySeconds)
                        .isNotNull()
                        .isGreaterThanOrEqualTo(healthySeconds);
            }
        }

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
}
