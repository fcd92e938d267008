package io.drsnstream.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorChunk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #15, items 2 and 5: the job on a real Flink cluster of separate processes
 * (deploy/local-cluster: a JobManager, two TaskManagers of two slots, a Kafka broker process),
 * parallelism 4, a simulated fleet, every window checked through a read_committed consumer and
 * every chunk in exactly one window (the ledger).
 */
class LocalClusterIT {

    private static final int SENSORS = 4;
    private static final int WINDOWS_PER_HALF = 8;
    private static final int PARTITIONS = 4;
    private static final long HOUR_MICROS = 3_600_000_000L;
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Pattern MODEL_OPENED = Pattern.compile("Scoring subtask \\d+ uses model");

    /** The job's settings for this test; the scripts add Kafka, the model and parallelism 4. */
    private static final String[] JOB_ARGS = {
        "--starting-offsets", "earliest",
        "--checkpoint.interval", "1 s",
        "--scoring.device", "cpu",
        "--scoring.threads", "1",
        "--batch.timeout", "20 ms",
        "--out-of-orderness", "200 ms",
        "--idleness", "1 s",
        "--restart.max-attempts", "30",
        "--restart.initial-delay", "1 s",
        "--restart.max-delay", "5 s"
    };

    private LocalCluster cluster;
    private final List<SensorChunk> firstHalf = new ArrayList<>();
    private final List<SensorChunk> secondHalf = new ArrayList<>();
    private final List<SensorChunk> stream =
            FleetChunks.fleet("fleet", SENSORS, 2 * WINDOWS_PER_HALF, FleetChunks.T0_MICROS);

    @BeforeEach
    void startCluster() throws Exception {
        // Each sensor's stream in two halves: no window straddles them, the assembler's state does.
        for (SensorChunk chunk : stream) {
            (chunk.getSeq() < WINDOWS_PER_HALF * FleetChunks.WINDOW_CHUNKS ? firstHalf : secondHalf)
                    .add(chunk);
        }
        // Under target/, kept: the logs of a failed run are there to read.
        Path runDir =
                Path.of("target", "local-cluster-it", Long.toString(System.currentTimeMillis()));
        cluster = new LocalCluster(runDir.toAbsolutePath(), 2, PARTITIONS);
        cluster.start();
    }

    @AfterEach
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * The upgrade path: stop with a savepoint, submit the jar again from it. The new job's
     * user-code classloaders load the model in TaskManager JVMs that loaded PyTorch for the first
     * job (item 5: DJL from lib/, parent-first, or UnsatisfiedLinkError).
     */
    @Test
    void aJobResubmittedFromASavepointScoresInTheSameTaskManagersExactlyOnce() throws Exception {
        String job = cluster.submit(JOB_ARGS);
        cluster.awaitRunning(job, PATIENCE);
        try (FleetChunks chunks = new FleetChunks(cluster.bootstrapServers(), "sensor-chunks");
                CommittedScores scores =
                        new CommittedScores(cluster.bootstrapServers(), "sensor-scores")) {
            chunks.send(firstHalf);
            // The last window of each sensor waits for the next chunk's watermark: all but those.
            readAll(scores, FleetChunks.windowIds(firstHalf).size() - SENSORS);

            String savepoint = cluster.stopWithSavepoint(job, PATIENCE);
            List<String> args = new ArrayList<>(List.of("--savepoint", savepoint));
            args.addAll(List.of(JOB_ARGS));
            String upgraded = cluster.submit(args.toArray(String[]::new));
            cluster.awaitRunning(upgraded, PATIENCE);
            chunks.send(secondHalf);
            flushWhenRead(chunks, scores);

            List<String> expected = FleetChunks.windowIds(stream);
            assertExactlyOnce(readAll(scores, expected.size()), expected, stream);
        }
        for (String taskManager : List.of("taskmanager-1", "taskmanager-2")) {
            assertThat(modelsOpened(taskManager))
                    .as("scoring subtasks of both jobs opened the model in %s", taskManager)
                    .isEqualTo(4);
            assertThat(cluster.log(taskManager)).doesNotContain("UnsatisfiedLinkError");
        }
    }

    /**
     * A TaskManager lost (SIGKILL) and replaced: the job restarts from its last checkpoint, on the
     * surviving TaskManager and the new one.
     */
    @Test
    void aKilledTaskManagerIsReplacedWithoutLosingOrRepeatingAWindow() throws Exception {
        String job = cluster.submit(JOB_ARGS);
        cluster.awaitRunning(job, PATIENCE);
        try (FleetChunks chunks = new FleetChunks(cluster.bootstrapServers(), "sensor-chunks");
                CommittedScores scores =
                        new CommittedScores(cluster.bootstrapServers(), "sensor-scores")) {
            chunks.send(firstHalf);
            // Some windows committed, so the kill lands on a job with state and open transactions.
            long checkpoints = cluster.completedCheckpoints(job);
            await("first windows committed and two more checkpoints")
                    .atMost(PATIENCE)
                    .pollInSameThread()
                    .untilAsserted(
                            () -> {
                                assertThat(scores.poll()).isNotEmpty();
                                assertThat(cluster.completedCheckpoints(job))
                                        .isGreaterThanOrEqualTo(checkpoints + 2);
                            });

            cluster.killHard("taskmanager-1");
            cluster.startTaskManager();
            chunks.send(secondHalf);
            flushWhenRead(chunks, scores);

            List<String> expected = FleetChunks.windowIds(stream);
            assertExactlyOnce(readAll(scores, expected.size()), expected, stream);
            assertThat(cluster.failuresSeen(job))
                    .as("failures the job restarted after")
                    .isPositive();
            cluster.awaitRunning(job, PATIENCE);
        }
        // Both scoring subtasks of the surviving TaskManager opened the model again, in the same
        // JVM, after the restart.
        assertThat(modelsOpened("taskmanager-2")).isGreaterThanOrEqualTo(4);
        assertThat(cluster.log("taskmanager-2")).doesNotContain("UnsatisfiedLinkError");
    }

    /**
     * The watermark flush, once every window but the last of each sensor is read: sent earlier, it
     * could pass a partition whose reader is still starting (idle after {@code idleness}), and
     * that partition's chunks would then be late (dead letters) rather than scored.
     */
    private void flushWhenRead(FleetChunks chunks, CommittedScores scores) throws Exception {
        readAll(scores, FleetChunks.windowIds(stream).size() - SENSORS);
        chunks.flush(PARTITIONS, FleetChunks.T0_MICROS + HOUR_MICROS);
    }

    /** Reads until {@code expected} distinct windows are there, then 5 s more for late duplicates. */
    private static List<ScoredWindow> readAll(CommittedScores scores, int expected)
            throws Exception {
        await("all " + expected + " windows committed")
                .atMost(PATIENCE)
                .pollInSameThread()
                .pollInterval(Duration.ZERO)
                .untilAsserted(
                        () ->
                                assertThat(
                                                scores.poll().stream()
                                                        .map(LocalClusterIT::id)
                                                        .distinct()
                                                        .count())
                                        .isGreaterThanOrEqualTo(expected));
        return scores.pollFor(Duration.ofSeconds(5));
    }

    /**
     * Every expected window once, nothing else; and the ledger: every chunk sent is inside exactly
     * one scored window.
     */
    private static void assertExactlyOnce(
            List<ScoredWindow> read, List<String> expected, List<SensorChunk> sent) {
        List<String> ids = read.stream().map(LocalClusterIT::id).sorted().toList();
        assertThat(ids).as("windows read (read_committed), each once").isEqualTo(expected);
        Map<String, Integer> coverage = new HashMap<>();
        for (ScoredWindow window : read) {
            for (long seq = window.getFirstSeq(); seq <= window.getLastSeq(); seq++) {
                coverage.merge(window.getSensorId() + "#" + seq, 1, Integer::sum);
            }
        }
        assertThat(coverage.values()).as("no chunk in two windows").allMatch(n -> n == 1);
        Set<String> chunks = new HashSet<>();
        for (SensorChunk chunk : sent) {
            chunks.add(chunk.getSensorId() + "#" + chunk.getSeq());
        }
        assertThat(new TreeSet<>(coverage.keySet()))
                .as("every chunk sent in a scored window")
                .isEqualTo(new TreeSet<>(chunks));
    }

    private static String id(ScoredWindow window) {
        return window.getSensorId() + "#" + window.getFirstSeq();
    }

    private int modelsOpened(String taskManager) throws Exception {
        Matcher m = MODEL_OPENED.matcher(cluster.log(taskManager));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
