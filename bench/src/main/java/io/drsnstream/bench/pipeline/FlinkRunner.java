package io.drsnstream.bench.pipeline;

import io.drsnstream.job.JobEnvironment;
import io.drsnstream.job.ScoringJob;
import io.drsnstream.job.chunk.ChunkRecord;
import io.drsnstream.job.config.JobPlan;
import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.deadletter.Inbound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.FileUtils;

/**
 * A Flink MiniCluster in this JVM (one TaskManager with one slot per subtask unless told
 * otherwise, everything on 127.0.0.1 as in the job's end-to-end tests) that runs the scoring job
 * exactly as {@code ScoringJob.main} builds it.
 *
 * <p>Restarts are off in the measuring phases (their job settings say so): a benchmark whose job
 * failed and silently restarted would report the restart, not the pipeline, so a failure ends the
 * run with its cause. The chaos phase turns them on and replaces TaskManagers here.
 */
public final class FlinkRunner implements AutoCloseable {

    private final MiniCluster cluster;
    private final Map<String, String> flinkOptions;
    private final Path checkpointDir;

    /**
     * Indexes (in {@link MiniCluster#terminateTaskManager(int)}'s numbering: every TaskManager
     * ever started, closed ones keeping theirs) of the TaskManagers still running.
     */
    private final List<Integer> aliveTaskManagers = new ArrayList<>();

    private int taskManagersStarted;

    /** @param flinkOptions Flink configuration for the cluster and every job (e.g. buffer timeout) */
    public FlinkRunner(int slots, Map<String, String> flinkOptions) throws Exception {
        this(1, slots, flinkOptions);
    }

    /**
     * @param taskManagers TaskManagers to start with
     * @param slotsPerTaskManager slots of each
     * @param flinkOptions Flink configuration for the cluster and every job (e.g. buffer timeout)
     */
    public FlinkRunner(int taskManagers, int slotsPerTaskManager, Map<String, String> flinkOptions)
            throws Exception {
        Map<String, String> options = new HashMap<>(flinkOptions);
        // Checkpoints to files, as deployed: JobManager memory holds at most 5 MB per state
        // handle, which the assembler's state of a few hundred sensors exceeds during a drain.
        checkpointDir =
                options.containsKey(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())
                        ? null
                        : Files.createTempDirectory("drsn-bench-checkpoints-");
        if (checkpointDir != null) {
            options.put(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
                    checkpointDir.toUri().toString());
        }
        this.flinkOptions = Map.copyOf(options);
        Configuration loopback = Configuration.fromMap(this.flinkOptions);
        loopback.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        loopback.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        loopback.set(TaskManagerOptions.HOST, "127.0.0.1");
        loopback.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        loopback.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        loopback.set(RestOptions.ADDRESS, "127.0.0.1");
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(loopback)
                                .setNumTaskManagers(taskManagers)
                                .setNumSlotsPerTaskManager(slotsPerTaskManager)
                                .build());
        cluster.start();
        for (int i = 0; i < taskManagers; i++) {
            aliveTaskManagers.add(taskManagersStarted++);
        }
    }

    /** The running TaskManagers' indexes, for {@link #replaceTaskManager(int)}. */
    public List<Integer> aliveTaskManagers() {
        return List.copyOf(aliveTaskManagers);
    }

    /**
     * Loses a TaskManager as a crashed machine would lose it (its tasks fail, its slots are gone),
     * then starts a fresh one in its place, as a deployment's resource manager would.
     *
     * @param index one of {@link #aliveTaskManagers()}
     */
    public void replaceTaskManager(int index) throws Exception {
        if (!aliveTaskManagers.remove(Integer.valueOf(index))) {
            throw new IllegalArgumentException(
                    "TaskManager " + index + " is not running: " + aliveTaskManagers);
        }
        cluster.terminateTaskManager(index).get(60, TimeUnit.SECONDS);
        cluster.startTaskManager();
        aliveTaskManagers.add(taskManagersStarted++);
    }

    /**
     * Builds the job (source, dead-letter routing, window assembly, batched scoring, both Kafka
     * sinks) and submits it; returns once the job is RUNNING.
     */
    public JobID start(ScoringJobConfig config, String name) throws Exception {
        return start(config, name, null);
    }

    /**
     * The same with an operator of the harness's between the Kafka source and the job's own first
     * operator (the chaos phase's {@link TaskFailureInjector}); the rest is {@code
     * ScoringJob.build}'s pipeline, source, sinks and all.
     *
     * @param afterSource applied to the source's stream; null: none, exactly {@code ScoringJob.build}
     */
    public JobID start(
            ScoringJobConfig config,
            String name,
            UnaryOperator<DataStream<Inbound<ChunkRecord>>> afterSource)
            throws Exception {
        Configuration jobConfiguration = Configuration.fromMap(flinkOptions);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration);
        JobPlan plan = JobPlan.resolve(config);
        JobEnvironment.configure(env, config);
        if (afterSource == null) {
            ScoringJob.build(env, plan);
        } else {
            ScoringJob.ScoringInputs inputs = ScoringJob.fromKafka(env, plan);
            ScoringJob.sinkAll(
                    ScoringJob.buildStreams(
                            new ScoringJob.ScoringInputs(
                                    afterSource.apply(inputs.chunks()),
                                    inputs.alertConfig(),
                                    inputs.modelControl()),
                            plan),
                    config);
        }
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(name);
        JobGraph jobGraph = graph.getJobGraph();
        JobID id = cluster.submitJob(jobGraph).get(60, TimeUnit.SECONDS).getJobID();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JobStatus status = cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return id;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("The job ended before it ran: " + failureOf(id));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "The job was not RUNNING after 60 s (" + status + ")");
            }
            Thread.sleep(50);
        }
    }

    /** Throws with the job's failure if it is no longer running. */
    public void checkRunning(JobID id) throws Exception {
        JobStatus status = cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
        if (status.isTerminalState()) {
            throw new IllegalStateException("The job stopped (" + status + "): " + failureOf(id));
        }
    }

    private String failureOf(JobID id) {
        try {
            JobResult result = cluster.requestJobResult(id).get(10, TimeUnit.SECONDS);
            return result.getSerializedThrowable()
                    .map(
                            t -> {
                                Throwable cause = t.deserializeError(getClass().getClassLoader());
                                while (cause.getCause() != null) {
                                    cause = cause.getCause();
                                }
                                return cause.toString();
                            })
                    .orElse(String.valueOf(result.getApplicationStatus()));
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** Cancels the job and waits until it has stopped. */
    public void cancel(JobID id) throws Exception {
        JobStatus status = cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
        if (!status.isGloballyTerminalState()) {
            cluster.cancelJob(id).get(60, TimeUnit.SECONDS);
        }
        cluster.requestJobResult(id).get(120, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Stopping the Flink MiniCluster failed: " + e, e);
        } finally {
            deleteCheckpoints();
        }
    }

    private void deleteCheckpoints() {
        if (checkpointDir == null) {
            return;
        }
        try {
            FileUtils.deleteDirectory(checkpointDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot delete the checkpoints under " + checkpointDir, e);
        }
    }
}
