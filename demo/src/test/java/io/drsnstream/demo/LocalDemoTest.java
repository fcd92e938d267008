package io.drsnstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsnstream.demo.fleet.SimulatedFleet;
import io.drsnstream.demo.view.AlertBoard;
import io.drsnstream.demo.view.ConsoleTable;
import io.drsnstream.demo.view.ScoreBoard;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.kafka.LoopbackPorts;
import io.drsnstream.schemas.AlertKind;
import io.drsnstream.schemas.SensorAlert;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.RepositoryLayout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
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
 * committed model, the threshold the job puts in force for it and the job's alert rule at its
 * defaults. Noise is on every sensor from the start, at the demo's default SNR and at 0 dB: the
 * job must raise no alert on the healthy machine, and exactly one on each sensor of a faulty
 * machine, after its onset, with its own fault; the demo shows what it reads on {@code
 * sensor-alerts}.
 */
class LocalDemoTest {

    private static final double HEALTHY_SECONDS = 10;
    private static final double ONSET_SECONDS = 20;

    /** Sensor time each run covers: the healthy phase, the onset, then 15 s of a severe fault. */
    private static final double RUN_SENSOR_SECONDS = HEALTHY_SECONDS + ONSET_SECONDS + 15;

    private static final double SPEEDUP = 10;

    @ParameterizedTest(name = "noise at {0} dB SNR")
    @ValueSource(strings = {LocalDemoCommand.DEFAULT_NOISE_SNR_DB, "0"})
    void noHealthyAlertAndOneAlertWithItsOwnLabelPerFaultySensorUnderNoise(String snrDb)
            throws Exception {
        ModelMetadata model =
                ModelMetadata.fromJson(
                        Files.readString(
                                RepositoryLayout.committedModel()
                                        .resolve(ModelArtifact.METADATA_FILE)));
        double windowSeconds = model.windowLength() / model.sampleRateHz();
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        int webUiPort = LoopbackPorts.findFree();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        LocalDemo.Options options =
                new LocalDemo.Options(
                        3,
                        2,
                        SPEEDUP,
                        new SimulatedFleet.Script(
                                HEALTHY_SECONDS, ONSET_SECONDS, Double.parseDouble(snrDb)),
                        webUiPort,
                        RepositoryLayout.committedModel(),
                        false,
                        new PrintStream(console, true));

        LocalDemo demo = new LocalDemo(options);
        int kafkaPort;
        Map<String, ScoreBoard.Row> latest;
        List<SensorAlert> alerts;
        long started = System.nanoTime();
        try {
            demo.start();
            kafkaPort = demo.kafkaPort();
            assertThat(LoopbackPorts.isFree(webUiPort)).as("the Flink web UI is up").isFalse();
            // 10x real time: 45 s of sensor time in under 5 s once the pipeline is warm. In this
            // thread, as the demo's view runs; no pause between evaluations: each runs the demo 1
            // s.
            await("the script played out on every sensor")
                    .atMost(Duration.ofSeconds(90))
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ZERO)
                    .untilAsserted(
                            () -> {
                                demo.runFor(Duration.ofSeconds(1));
                                assertThat(demo.board().rows())
                                        .as("scored sensors")
                                        .hasSize(6)
                                        .allSatisfy(
                                                row ->
                                                        assertThat(row.sensorSeconds())
                                                                .as(
                                                                        "sensor seconds scored of %s",
                                                                        row.sensorId())
                                                                .isGreaterThanOrEqualTo(
                                                                        RUN_SENSOR_SECONDS));
                            });
            latest =
                    demo.board().rows().stream()
                            .collect(
                                    Collectors.toMap(
                                            ScoreBoard.Row::sensorId, Function.identity()));
            alerts = demo.alerts().events();
        } finally {
            demo.close();
        }
        Map<String, ScoreBoard.Row> rows = latest;
        System.out.printf(
                "LocalDemoTest at %s dB: %.1f s wall; %s%n",
                snrDb,
                (System.nanoTime() - started) / 1e9,
                summary(demo.fleet(), rows, alerts, demo.alerts()));

        assertThat(console.toString())
                .contains("http://127.0.0.1:" + webUiPort)
                .contains(snrDb + ".0 dB SNR");
        assertThat(rows).as("scored windows arrived for every simulated sensor").hasSize(6);
        Map<String, List<SimulatedFleet.Sensor>> machines =
                demo.fleet().sensors().stream()
                        .collect(
                                Collectors.groupingBy(
                                        SimulatedFleet.Sensor::machineId,
                                        LinkedHashMap::new,
                                        Collectors.toList()));
        Map<String, List<SensorAlert>> alertsBySensor =
                alerts.stream().collect(Collectors.groupingBy(AlertBoard::keyOf));
        SoftAssertions soft = new SoftAssertions();
        for (var machine : machines.entrySet()) {
            HealthState fault = machine.getValue().get(0).fault();
            String figures =
                    machine.getValue().stream()
                            .map(s -> describe(s, rows.get(s.sensorId())))
                            .collect(Collectors.joining("; "));
            for (SimulatedFleet.Sensor sensor : machine.getValue()) {
                soft.assertThat(rows.get(sensor.sensorId()).windows())
                        .as("windows of %s", sensor.sensorId())
                        .isGreaterThan(200);
                List<SensorAlert> sensorAlerts =
                        alertsBySensor.getOrDefault(sensor.sensorId(), List.of());
                List<SensorAlert> raised =
                        sensorAlerts.stream().filter(a -> a.getKind() == AlertKind.RAISED).toList();
                if (fault == HealthState.HEALTHY) {
                    soft.assertThat(raised)
                            .as(
                                    "alerts raised on %s of the healthy %s at %s dB (%s)",
                                    sensor.sensorId(), machine.getKey(), snrDb, figures)
                            .isEmpty();
                } else {
                    soft.assertThat(raised)
                            .as(
                                    "alerts raised on %s of %s (%s) at %s dB (%s; its events %s)",
                                    sensor.sensorId(),
                                    machine.getKey(),
                                    fault,
                                    snrDb,
                                    figures,
                                    sensorAlerts)
                            .singleElement()
                            .satisfies(
                                    alert -> {
                                        assertThat(alert.getLabel())
                                                .as(
                                                        "fault named by the alert of %s",
                                                        sensor.sensorId())
                                                .isEqualTo(fault.name());
                                        // The event time is the end of the window that raised
                                        // the alert: that window started after the onset.
                                        assertThat(
                                                        demo.alerts().seconds(alert.getEventTime())
                                                                - windowSeconds)
                                                .as("%s raised after its onset", sensor.sensorId())
                                                .isGreaterThanOrEqualTo(HEALTHY_SECONDS);
                                    });
                }
            }
        }
        soft.assertAll();
        assertThat(console.toString())
                .as("the plain view prints the job's alert events")
                .contains("ALERT RAISED");

        // Everything stopped: ports free, no broker or Flink thread left behind.
        assertThat(LoopbackPorts.isFree(webUiPort)).as("web UI port released").isTrue();
        assertThat(LoopbackPorts.isFree(kafkaPort)).as("Kafka port released").isTrue();
        // In this thread: a polling thread of Awaitility's own would count as a leftover.
        await("threads of the demo ended")
                .atMost(Duration.ofSeconds(20))
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(
                        () ->
                                assertThat(
                                                Thread.getAllStackTraces().keySet().stream()
                                                        .filter(
                                                                t ->
                                                                        t.isAlive()
                                                                                && !threadsBefore
                                                                                        .contains(t)
                                                                                && !t.isDaemon())
                                                        .map(Thread::getName)
                                                        .collect(Collectors.toSet()))
                                        .as("non-daemon threads left after the demo stopped")
                                        .isEmpty());
    }

    private static String describe(SimulatedFleet.Sensor sensor, ScoreBoard.Row row) {
        if (row == null) {
            return sensor.sensorId() + ": no windows";
        }
        return String.format(
                "%s at %.1f Hz: %d of %d windows anomalies",
                sensor.sensorId(), sensor.shaftHz(), row.anomalies(), row.windows());
    }

    private static String summary(
            SimulatedFleet fleet,
            Map<String, ScoreBoard.Row> rows,
            List<SensorAlert> alerts,
            AlertBoard board) {
        return fleet.sensors().stream()
                        .map(s -> s.fault() + " " + describe(s, rows.get(s.sensorId())))
                        .collect(Collectors.joining("; "))
                + "; alert events: "
                + alerts.stream()
                        .map(a -> ConsoleTable.eventLine(a, board).strip())
                        .collect(Collectors.joining("; "));
    }
}
