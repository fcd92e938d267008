package io.drsnstream.job;

import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flink settings the scoring job runs with, whatever runs it (the cluster, the demo, the
 * tests, the benchmarks): object reuse and no Kryo fallback, exactly-once checkpoints, the restart
 * strategy, the parallelism.
 */
public final class JobEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(JobEnvironment.class);

    private JobEnvironment() {}

    public static void configure(StreamExecutionEnvironment env, ScoringJobConfig config) {
        Configuration pipeline = new Configuration();
        // Chained operators hand records over without a deep copy (a window is 8 KB of samples);
        // every operator of this job copes: none keeps or changes an input it was handed.
        pipeline.set(PipelineOptions.OBJECT_REUSE, true);
        // Every type on the hot path has a Flink serializer: fail at submission rather than fall
        // back to Kryo silently when a change breaks that.
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(pipeline);
        env.enableCheckpointing(
                config.checkpointInterval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (env.getConfiguration()
                .getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
                .isEmpty()) {
            LOG.warn(
                    "No {} is configured: checkpoints are kept in JobManager memory, at most 5 MB per operator"
                            + " state, which the window assembler's state exceeds from a few hundred sensors per subtask on (the job"
                            + " then fails at its first checkpoint). Set it in the Flink configuration, e.g."
                            + " {}: s3://bucket/drsn-stream/checkpoints",
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key());
        }
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        checkpoints.setCheckpointTimeout(config.checkpointTimeout.toMillis());
        checkpoints.setMinPauseBetweenCheckpoints(config.checkpointMinPause.toMillis());
        checkpoints.setTolerableCheckpointFailureNumber(config.checkpointTolerableFailures);
        env.configure(restartStrategy(config));
        // Explicit, so that the state's key groups do not depend on the first parallelism.
        env.setMaxParallelism(config.maxParallelism);
        if (config.parallelism != null) {
            env.setParallelism(config.parallelism);
        }
    }

    /**
     * Exponential delay with a cap and a reset, and a bound on attempts, in place of Flink's
     * default of retrying for ever; what no restart can cure (an invalid artifact, state the
     * model does not fit) fails the job at once (SuppressRestartsException).
     */
    static Configuration restartStrategy(ScoringJobConfig config) {
        Configuration restarts = new Configuration();
        if (config.restartStrategy == ScoringJobOptions.RestartStrategy.NONE) {
            restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            return restarts;
        }
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                config.restartInitialDelay);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                config.restartMaxDelay);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                config.restartResetAfter);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, 0.1);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS,
                config.restartMaxAttempts);
        return restarts;
    }
}
