package io.drsnstream.job.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.drsnstream.job.config.ScoringJobConfig;
import io.drsnstream.job.config.ScoringJobOptions;
import io.drsnstream.job.e2e.ScoringJobHarness.ChunkProducer;
import io.drsnstream.job.e2e.ScoringJobHarness.Topics;
import io.drsnstream.kafka.LocalKafkaBroker;
import io.drsnstream.kafka.LoopbackPorts;
import io.drsnstream.schemas.ScoredWindow;
import io.drsnstream.schemas.SensorChunk;
import io.drsnstream.schemas.codec.SingleObjectCodec;
import io.drsnstream.sim.HealthState;
import io.drsnstream.testing.LoopbackFlink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job through the faults an operator meets: the broker gone for 20 s and back on the same
 * port and log directory, each TaskManager lost in turn, and a stop with a savepoint restored at
 * another parallelism. Real broker, a MiniCluster of two TaskManagers with two slots each, the
 * committed model; every window checked through a read_committed consumer: none lost, none twice.
 */
class FaultToleranceEndToEndTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(2, 2);

    private static final int WINDOW_CHUNKS = 2048 / TestChunks.CHUNK;
    private static final int SENSORS = 4;
    private static final int WINDOWS_PER_SENSOR = 16;
    private static final Duration PATIENCE = Duration.ofSeconds(180);

    @TempDir Path temp;

    private LocalKafkaBroker kafka;
    private final SingleObjectCodec<ScoredWindow> scoresCodec = SingleObjectCodec.scoredWindows();

    @AfterEach
    void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** The test's stream: sensors of both health states, their chunks interleaved in event time. */
    private static List<SensorChunk> stream(String prefix) {
        List<List<SensorChunk>> sensors = new ArrayList<>();
        for (int s = 0; s < SENSORS; s++) {
            sensors.add(
                    TestChunks.sensor(
                            "m" + s,
                            prefix + "-sensor-" + s,
                            s % 2 == 0 ? HealthState.HEALTHY : HealthState.BALL,
                            WINDOWS_PER_SENSOR * WINDOW_CHUNKS,
                            300 + s));
        }
        return TestChunks.interleaved(sensors);
    }

    private static List<String> expectedWindows(String prefix) {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < SENSORS; s++) {
            for (int k = 0; k < WINDOWS_PER_SENSOR; k++) {
                ids.add(prefix + "-sensor-" + s + "#" + (k * WINDOW_CHUNKS));
            }
        }
        ids.sort(null);
        return ids;
    }

    private ScoringJobConfig config(Topics topics, Map<String, String> overrides) {
        Map<String, String> settings =
                new HashMap<>(
                        Map.of(
                                // Enough restarts, not too quick, for a 20 s outage.
                                ScoringJobOptions.RESTART_MAX_ATTEMPTS.key(), "30",
                                ScoringJobOptions.RESTART_INITIAL_DELAY.key(), "1 s",
                                ScoringJobOptions.RESTART_MAX_DELAY.key(), "5 s"));
        settings.putAll(overrides);
        return ScoringJobHarness.config(kafka, topics, settings);
    }

    private void send(List<SensorChunk> chunks, Topics topics) throws Exception {
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks())) {
            producer.sendAll(chunks);
        }
    }

    private void flush(Topics topics, int partitions) throws Exception {
        try (ChunkProducer producer = new ChunkProducer(kafka, topics.chunks())) {
            for (int p = 0; p < partitions; p++) {
                producer.sendToPartition(p, TestChunks.watermarkFlush(p));
            }
        }
    }

    private LocalKafkaBroker startBroker(Path dataDir, int brokerPort, int controllerPort) {
        return LocalKafkaBroker.builder()
                .dataDir(dataDir)
                .brokerPort(brokerPort)
                .controllerPort(controllerPort)
                .start();
    }

    @Test
    void theBrokerGoneForTwentySecondsLosesAndRepeatsNothingUnderExactlyOnce(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        brokerOutage(cluster, "outage-eo", "exactly-once");
    }

    @Test
    void theBrokerGoneForTwentySecondsLosesNothingUnderAtLeastOnce(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        brokerOutage(cluster, "outage-alo", "at-least-once");
    }

    /**
     * The broker stopped mid-stream for 20 s and started again on the same ports and log
     * directory; the second half of the stream is sent once it is back. While it is gone the
     * sources read nothing and go idle, so on its return one partition's reader can move event
     * time on (here by an hour, the flush chunks) before the other has fetched again: the
     * lagging partition's chunks must still become windows.
     */
    private void brokerOutage(MiniCluster cluster, String prefix, String delivery)
            throws Exception {
        int[] ports = LoopbackPorts.findFree(2);
        Path dataDir = temp.resolve("kafka");
        kafka = startBroker(dataDir, ports[0], ports[1]);
        Topics topics = Topics.create(kafka, prefix, 2);
        ScoringJobConfig config =
                config(topics, Map.of(ScoringJobOptions.DELIVERY_GUARANTEE.key(), delivery));
        List<SensorChunk> stream = stream(prefix);
        int half = stream.size() / 2;

        JobClient job = ScoringJobHarness.start(config, UnaryOperator.identity());
        try {
            send(stream.subList(0, half), topics);
            try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.scores())) {
                reader.readUntil(r -> r.size() >= SENSORS * 2, PATIENCE);
            }
            kafka.close();
            Thread.sleep(20_000);
            kafka = startBroker(dataDir, ports[0], ports[1]);
            send(stream.subList(half, stream.size()), topics);
            flush(topics, 2);

            Map<String, ScoredWindow> scores =
                    readScoresUntil(
                            topics,
                            expectedWindows(prefix),
                            delivery.equals("exactly-once"),
                            cluster,
                            job);
            assertThat(new ArrayList<>(scores.keySet()))
                    .as("every window")
                    .isEqualTo(expectedWindows(prefix));
        } finally {
            ScoringJobHarness.stop(job);
        }
    }

    @Test
    void losingEachTaskManagerInTurnLosesAndRepeatsNothing(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        kafka = LocalKafkaBroker.builder().start();
        String prefix = "tm-loss";
        Topics topics = Topics.create(kafka, prefix, 2);
        List<SensorChunk> stream = stream(prefix);
        int half = stream.size() / 2;

        JobClient job = ScoringJobHarness.start(config(topics, Map.of()), UnaryOperator.identity());
        try {
            send(stream.subList(0, half), topics);
            try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.scores())) {
                reader.readUntil(r -> r.size() >= SENSORS * 2, PATIENCE);
            }
            Set<ResourceID> before = taskLocations(cluster, job);
            // terminateTaskManager(i) closes the i-th TaskManager the cluster started (closed ones
            // keep their index): both originals go in turn, each replaced as a cluster manager
            // would, so every task is lost at least once wherever the scheduler had put it.
            for (int original = 0; original < 2; original++) {
                cluster.terminateTaskManager(original).get();
                cluster.startTaskManager();
                awaitAllTasksRunning(cluster, job);
            }
            Set<ResourceID> after = taskLocations(cluster, job);
            assertThat(after)
                    .as("TaskManagers running the tasks")
                    .doesNotContainAnyElementsOf(before);

            send(stream.subList(half, stream.size()), topics);
            flush(topics, 2);
            Map<String, ScoredWindow> scores =
                    readScoresUntil(topics, expectedWindows(prefix), true, cluster, job);
            assertThat(new ArrayList<>(scores.keySet()))
                    .as("every window")
                    .isEqualTo(expectedWindows(prefix));
        } finally {
            ScoringJobHarness.stop(job);
        }
    }

    private static long completedCheckpoints(MiniCluster cluster, JobClient job) throws Exception {
        return cluster.getExecutionGraph(job.getJobID())
                .get()
                .getCheckpointStatsSnapshot()
                .getCounts()
                .getNumberOfCompletedCheckpoints();
    }

    private static void awaitCompletedCheckpoints(MiniCluster cluster, JobClient job, long count) {
        await("completed checkpoints")
                .atMost(PATIENCE)
                .pollInSameThread()
                .until(() -> completedCheckpoints(cluster, job) >= count);
    }

    private static Set<ResourceID> taskLocations(MiniCluster cluster, JobClient job)
            throws Exception {
        Set<ResourceID> locations = new HashSet<>();
        for (AccessExecutionVertex task :
                cluster.getExecutionGraph(job.getJobID()).get().getAllExecutionVertices()) {
            locations.add(task.getCurrentAssignedResourceLocation().getResourceID());
        }
        return locations;
    }

    private static void awaitAllTasksRunning(MiniCluster cluster, JobClient job) {
        await("every task running again")
                .atMost(PATIENCE)
                .pollInSameThread()
                .untilAsserted(
                        () -> {
                            for (AccessExecutionVertex task :
                                    cluster.getExecutionGraph(job.getJobID())
                                            .get()
                                            .getAllExecutionVertices()) {
                                assertThat(task.getExecutionState())
                                        .as(task.getTaskNameWithSubtaskIndex())
                                        .isEqualTo(ExecutionState.RUNNING);
                            }
                        });
    }

    @Test
    void aSavepointRestoredAtAnotherParallelismGivesTheOutputOfAnUninterruptedRun(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        kafka = LocalKafkaBroker.builder().start();
        String prefix = "rescale";
        List<SensorChunk> stream = stream(prefix);
        int third = stream.size() / 3;

        // The reference: one uninterrupted run at parallelism 2.
        Topics reference = Topics.create(kafka, prefix + "-reference", 2);
        JobClient referenceJob =
                ScoringJobHarness.start(
                        config(reference, Map.of(ScoringJobOptions.PARALLELISM.key(), "2")),
                        UnaryOperator.identity());
        Map<String, ScoredWindow> expected;
        try {
            send(stream, reference);
            flush(reference, 2);
            expected =
                    readScoresUntil(
                            reference, expectedWindows(prefix), true, cluster, referenceJob);
        } finally {
            ScoringJobHarness.stop(referenceJob);
        }

        // The same input in thirds: parallelism 2, savepoint, 4, savepoint, 1.
        Topics topics = Topics.create(kafka, prefix, 2);
        String savepoint = null;
        int[] parallelisms = {2, 4, 1};
        for (int step = 0; step < 3; step++) {
            Configuration restore = new Configuration();
            if (savepoint != null) {
                restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            }
            JobClient job =
                    ScoringJobHarness.start(
                            config(
                                    topics,
                                    Map.of(
                                            ScoringJobOptions.PARALLELISM.key(),
                                            Integer.toString(parallelisms[step]))),
                            UnaryOperator.identity(),
                            restore);
            send(
                    stream.subList(step * third, step == 2 ? stream.size() : (step + 1) * third),
                    topics);
            if (step < 2) {
                // Some of it read and checkpointed: a checkpoint completed after the sending.
                awaitCompletedCheckpoints(cluster, job, completedCheckpoints(cluster, job) + 2);
                savepoint =
                        job.stopWithSavepoint(
                                        false,
                                        temp.resolve("savepoints").toUri().toString(),
                                        SavepointFormatType.CANONICAL)
                                .get();
            } else {
                try {
                    flush(topics, 2);
                    Map<String, ScoredWindow> actual =
                            readScoresUntil(topics, expectedWindows(prefix), true, cluster, job);
                    assertThat(actual.keySet()).as("the same windows").isEqualTo(expected.keySet());
                    expected.forEach(
                            (id, window) -> {
                                ScoredWindow other = actual.get(id);
                                assertThat(other.getLabel())
                                        .as("label of %s", id)
                                        .isEqualTo(window.getLabel());
                                assertThat(other.getAnomalyScore())
                                        .as("score of %s", id)
                                        .isCloseTo(
                                                window.getAnomalyScore(),
                                                org.assertj.core.data.Offset.offset(1e-4f));
                                assertThat(other.getWindowStart())
                                        .isEqualTo(window.getWindowStart());
                            });
                } finally {
                    ScoringJobHarness.stop(job);
                }
            }
        }
    }

    /**
     * Reads until every expected window is there; with {@code exactlyOnce}, none may be read twice.
     * When they do not all come, fails with which windows are missing, whether they are in the
     * topic uncommitted (written in a transaction that never committed) and what the job's
     * watermarks and counters say, instead of a count alone.
     */
    private Map<String, ScoredWindow> readScoresUntil(
            Topics topics,
            List<String> expected,
            boolean exactlyOnce,
            MiniCluster cluster,
            JobClient job)
            throws Exception {
        Map<String, ScoredWindow> byId = new TreeMap<>();
        List<String> repeated = new ArrayList<>();
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topics.scores())) {
            try {
                reader.readUntil(r -> distinctWindows(r) >= expected.size(), PATIENCE);
            } catch (ConditionTimeoutException timedOut) {
                throw new AssertionError(
                        whyWindowsAreMissing(topics, expected, reader.readFor(Duration.ZERO))
                                + JobDiagnostics.describe(cluster, job.getJobID()),
                        timedOut);
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.readFor(Duration.ofSeconds(3))) {
                ScoredWindow window = scoresCodec.decode(record.value());
                if (TestChunks.isFlush(window.getSensorId())) {
                    continue;
                }
                String id = windowId(window);
                if (byId.put(id, window) != null) {
                    repeated.add(id);
                }
            }
        }
        if (exactlyOnce) {
            assertThat(repeated).as("windows read twice").isEmpty();
        }
        return byId;
    }

    private String windowId(ScoredWindow window) {
        return window.getSensorId() + "#" + window.getFirstSeq();
    }

    /** The expected windows not read committed, the unexpected ones read, and the uncommitted view. */
    private String whyWindowsAreMissing(
            Topics topics, List<String> expected, List<ConsumerRecord<byte[], byte[]>> committed)
            throws Exception {
        Set<String> read = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : committed) {
            ScoredWindow window = scoresCodec.decode(record.value());
            if (!TestChunks.isFlush(window.getSensorId())) {
                read.add(windowId(window));
            }
        }
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(read);
        Set<String> unexpected = new TreeSet<>(read);
        unexpected.removeAll(expected);
        Set<String> uncommitted = new TreeSet<>();
        try (TopicReader all = TopicReader.uncommitted(kafka.bootstrapServers(), topics.scores())) {
            for (ConsumerRecord<byte[], byte[]> record : all.readFor(Duration.ofSeconds(3))) {
                uncommitted.add(windowId(scoresCodec.decode(record.value())));
            }
        }
        Set<String> missingButWritten = new TreeSet<>(missing);
        missingButWritten.retainAll(uncommitted);
        long deadLetters;
        try (TopicReader letters =
                new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
            deadLetters = letters.readFor(Duration.ofSeconds(1)).size();
        }
        return String.format(
                "%d of %d windows read committed (%d records)%n"
                        + "missing: %s%n"
                        + "of those, in the topic but not committed: %s%n"
                        + "read but not expected: %s%n"
                        + "dead letters: %d%n",
                expected.size() - missing.size(),
                expected.size(),
                committed.size(),
                missing,
                missingButWritten,
                unexpected,
                deadLetters);
    }

    private long distinctWindows(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(
                        r -> {
                            try {
                                ScoredWindow w = scoresCodec.decode(r.value());
                                return TestChunks.isFlush(w.getSensorId())
                                        ? null
                                        : w.getSensorId() + "#" + w.getFirstSeq();
                            } catch (Exception e) {
                                throw new AssertionError(e);
                            }
                        })
                .filter(java.util.Objects::nonNull)
                .distinct()
                .count();
    }
}
