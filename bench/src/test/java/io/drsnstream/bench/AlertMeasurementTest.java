package io.drsnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The alert measurement end to end at a tiny size (seconds): the committed model, the simulator
 * and the job's alert rule, writing its JSON, table and plot.
 */
class AlertMeasurementTest {

    @Test
    void tinyRunWritesItsResults(@TempDir Path out) throws Exception {
        int code =
                new CommandLine(new AlertMeasurement())
                        .execute(
                                "--model", RepositoryLayout.committedModel().toString(),
                                "--policies", "4/5/3,8/10/8",
                                "--conditions", "white_gaussian:5",
                                "--extra-conditions", "clean",
                                "--healthy-sensors", "2",
                                "--healthy-hours", "0.002",
                                "--extra-healthy-hours", "0.001",
                                "--selection-healthy-hours", "0.001",
                                "--faulty-per-fault", "1",
                                "--onset", "2,3",
                                "--cap-seconds", "4",
                                "--out", out.toString());

        assertThat(code).isZero();
        assertThat(out.resolve("alert-measurement.png")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("alert-measurement.md")))
                .contains("| **white_gaussian:5** (demo) |", "| clean |");
        JsonObject json =
                JsonParser.parseString(Files.readString(out.resolve("alert-measurement.json")))
                        .getAsJsonObject();
        assertThat(json.getAsJsonObject("chosen").get("policy").getAsString())
                .isIn("4/5/3", "8/10/8");
        for (String set : new String[] {"selection", "evaluation"}) {
            var conditions = json.getAsJsonObject(set).getAsJsonArray("conditions");
            assertThat(conditions).hasSize(2);
            JsonObject demo = conditions.get(0).getAsJsonObject();
            assertThat(demo.get("condition").getAsString()).isEqualTo("white_gaussian:5");
            assertThat(demo.getAsJsonArray("policies")).hasSize(2);
            JsonObject policy = demo.getAsJsonArray("policies").get(0).getAsJsonObject();
            // 2 healthy sensors, 7 faulty (one per fault of the model).
            assertThat(policy.getAsJsonObject("healthy").get("sensors").getAsInt()).isEqualTo(2);
            assertThat(policy.getAsJsonObject("faulty").get("sensors").getAsInt()).isEqualTo(7);
            assertThat(policy.getAsJsonArray("detectionSeconds")).hasSize(7);
        }
        // 0.002 h = 7.2 s = 45 windows of 160 ms per healthy sensor.
        JsonObject windows =
                json.getAsJsonObject("evaluation")
                        .getAsJsonArray("conditions")
                        .get(0)
                        .getAsJsonObject()
                        .getAsJsonObject("windows");
        assertThat(windows.get("healthyWindows").getAsLong()).isEqualTo(2 * 45);
    }
}
