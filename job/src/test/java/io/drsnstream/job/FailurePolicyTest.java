package io.drsnstream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.job.alert.AlertConfigUpdate;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.config.InvalidConfigException;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.deadletter.Inbound;
import io.drsnstream.job.deadletter.SourceCoordinates;
import io.drsnstream.job.modelcontrol.ModelControlRecord;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.testing.RepositoryLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The job's failure policy: explicit restarts and checkpoints, and no restart for what none can cure. */
class FailurePolicyTest {

    @TempDir Path temp;

    private static ScoringJobConfig config(Path modelDir, Map<String, String> overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put(ScoringJobOptions.BOOTSTRAP_SERVERS.key(), "127.0.0.1:9");
        settings.put(ScoringJobOptions.MODEL_DIR.key(), modelDir.toString());
        settings.put(ScoringJobOptions.SCORING_DEVICE.key(), "cpu");
        settings.putAll(overrides);
        return ScoringJobConfig.fromMap(settings);
    }

    @Test
    void theEnvironmentGetsTheRestartStrategyCheckpointSettingsAndMaxParallelism() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(
                env,
                config(
                        temp,
                        Map.of(
                                ScoringJobOptions.CHECKPOINT_TIMEOUT.key(), "2 min",
                                ScoringJobOptions.CHECKPOINT_TOLERABLE_FAILURES.key(), "5",
                                ScoringJobOptions.RESTART_MAX_ATTEMPTS.key(), "7")));

        assertThat(env.getCheckpointConfig().getCheckpointTimeout()).isEqualTo(120_000L);
        assertThat(env.getCheckpointConfig().getMinPauseBetweenCheckpoints()).isEqualTo(1_000L);
        assertThat(env.getCheckpointConfig().getTolerableCheckpointFailureNumber()).isEqualTo(5);
        assertThat(env.getMaxParallelism()).isEqualTo(128);
        assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("exponential-delay");
        assertThat(
                        env.getConfiguration()
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(7);
        assertThat(
                        env.getConfiguration()
                                .get(
                                        RestartStrategyOptions
                                                .RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void restartsCanBeTurnedOffAndBadCombinationsAreRefused() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(
                env, config(temp, Map.of(ScoringJobOptions.RESTART_STRATEGY.key(), "none")));
        assertThat(env.getConfiguration().get(RestartStrategyOptions.RESTART_STRATEGY))
                .isEqualTo("none");

        assertThatThrownBy(
                        () ->
                                config(
                                        temp,
                                        Map.of(
                                                ScoringJobOptions.RESTART_INITIAL_DELAY.key(),
                                                        "2 min",
                                                ScoringJobOptions.RESTART_MAX_DELAY.key(),
                                                        "1 min")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(
                        "restart.max-delay=1 min is shorter than restart.initial-delay=2 min");
        assertThatThrownBy(
                        () ->
                                config(
                                        temp,
                                        Map.of(
                                                ScoringJobOptions.PARALLELISM.key(),
                                                "200",
                                                ScoringJobOptions.MAX_PARALLELISM.key(),
                                                "128")))
                .hasMessageContaining("parallelism=200 exceeds max-parallelism=128");
    }

    @Test
    void aCorruptArtifactIsRefusedAtSubmission() throws Exception {
        Path model = copyOfCommittedModel();
        corruptParameters(model);

        assertThatThrownBy(() -> JobPlan.resolve(config(model, Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Invalid setting model.dir=")
                .hasMessageContaining("Checksum mismatch");
    }

    @Test
    void anArtifactThatGoesBadAfterSubmissionFailsTheJobOnceWithItsReasonNotForEver()
            throws Exception {
        Path model = copyOfCommittedModel();
        ScoringJobConfig config =
                config(model, Map.of(ScoringJobOptions.RESTART_INITIAL_DELAY.key(), "1 s"));
        JobPlan plan = JobPlan.resolve(config);
        ModelMetadata metadata = plan.model();
        corruptParameters(model); // after the check at submission, before the tasks load it

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobEnvironment.configure(env, config);
        ChunkRecord chunk = new ChunkRecord();
        chunk.machineId = "m";
        chunk.sensorId = "s";
        chunk.sampleRateHz = metadata.sampleRateHz();
        chunk.samples = new float[metadata.windowLength()];
        chunk.source = new SourceCoordinates("t", 0, 0, -1, null);
        var inputs =
                new ScoringJob.ScoringInputs(
                        env.fromData(List.of(Inbound.of(chunk)), Inbound.typeOf(ChunkRecord.class)),
                        env.fromData(
                                List.of(Inbound.of(AlertConfigUpdate.remove("sensor:none"))),
                                Inbound.typeOf(AlertConfigUpdate.class)),
                        env.fromData(
                                List.of(
                                        Inbound.of(
                                                ModelControlRecord.command(
                                                        "none",
                                                        ModelCommandKind.ROLLBACK,
                                                        null,
                                                        null,
                                                        null))),
                                Inbound.typeOf(ModelControlRecord.class)));
        ScoringJob.ScoringStreams streams = ScoringJob.buildStreams(inputs, plan);
        streams.scores().collectAsync();

        long start = System.nanoTime();
        assertThatThrownBy(() -> env.execute("corrupt artifact"))
                .satisfies(
                        e ->
                                assertThat(ExceptionUtils.stringifyException(e))
                                        .contains("cannot be used (CHECKSUM_MISMATCH)"));
        // Twenty restarts 1 s, 2 s, 4 s ... apart would take many minutes.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }

    private Path copyOfCommittedModel() throws Exception {
        Path copy = Files.createDirectories(temp.resolve("model"));
        for (String file : List.of(ModelArtifact.METADATA_FILE, ModelArtifact.PARAMETERS_FILE)) {
            Files.copy(RepositoryLayout.committedModel().resolve(file), copy.resolve(file));
        }
        return copy;
    }

    private static void corruptParameters(Path model) throws Exception {
        Path params = model.resolve(ModelArtifact.PARAMETERS_FILE);
        byte[] bytes = Files.readAllBytes(params);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(params, bytes);
    }
}
