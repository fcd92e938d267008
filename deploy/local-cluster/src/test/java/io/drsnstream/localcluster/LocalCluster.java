package io.drsnstream.localcluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The local cluster of deploy/local-cluster driven through its own scripts (start, submit, stop)
 * on free loopback ports, and the JobManager's REST API for what a test checks. Everything it
 * writes (logs, pids, Kafka data, checkpoints) stays in its run dir for a look after a failure.
 */
final class LocalCluster implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);

    private final Path runDir;
    private final Map<String, String> environment = new HashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String restUrl;
    private final String bootstrapServers;

    LocalCluster(Path runDir, int taskManagers, int chunkPartitions) throws IOException {
        this.runDir = runDir;
        int[] ports = freePorts(3);
        environment.put("LOCAL_CLUSTER_RUN_DIR", runDir.toString());
        environment.put("FLINK_LIB", ClusterLayout.FLINK_LIB.toString());
        environment.put("JOB_JAR", ClusterLayout.JOB_JAR.toString());
        environment.put("REST_PORT", Integer.toString(ports[0]));
        environment.put("JOBMANAGER_RPC_PORT", Integer.toString(ports[1]));
        environment.put("KAFKA_PORT", Integer.toString(ports[2]));
        environment.put("TASKMANAGERS", Integer.toString(taskManagers));
        environment.put("CHUNK_PARTITIONS", Integer.toString(chunkPartitions));
        restUrl = "http://127.0.0.1:" + ports[0];
        bootstrapServers = "127.0.0.1:" + ports[2];
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Path runDir() {
        return runDir;
    }

    /** {@code start}: the broker, the JobManager and the TaskManagers, registered. */
    void start() throws Exception {
        script("start");
    }

    /** {@code start taskmanager}: one more TaskManager, registered. */
    void startTaskManager() throws Exception {
        script("start", "taskmanager");
    }

    /** {@code submit ARGS}: returns the job id. */
    String submit(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("submit"));
        command.addAll(List.of(args));
        List<String> out = script(command.toArray(String[]::new));
        String jobId = out.get(out.size() - 1).trim();
        assertThat(jobId).as("job id printed by submit").matches("[0-9a-f]{32}");
        return jobId;
    }

    /** kill -9 of one process of the cluster, e.g. {@code taskmanager-1}; returns once it is gone. */
    void killHard(String name) throws Exception {
        long pid = Long.parseLong(Files.readString(runDir.resolve("pids/" + name + ".pid")).trim());
        ProcessHandle process =
                ProcessHandle.of(pid)
                        .orElseThrow(() -> new AssertionError(name + " (pid " + pid + ") is gone"));
        assertThat(process.destroyForcibly()).as("SIGKILL to %s", name).isTrue();
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    /** The log file of one process, e.g. {@code taskmanager-2}. */
    String log(String name) throws IOException {
        return Files.readString(runDir.resolve("log/" + name + ".log"), StandardCharsets.UTF_8);
    }

    JsonNode get(String path) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl + path))
                                .timeout(Duration.ofSeconds(10))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restUrl + path))
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("POST %s: %s", path, response.body())
                .isBetween(200, 202);
        return json.readTree(response.body());
    }

    /** Waits until the job and every one of its tasks run. */
    void awaitRunning(String jobId, Duration patience) {
        await("job " + jobId + " and all its tasks running")
                .atMost(patience)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            JsonNode job = get("/jobs/" + jobId);
                            assertThat(job.path("state").asText()).isEqualTo("RUNNING");
                            for (JsonNode vertex : job.path("vertices")) {
                                assertThat(vertex.path("status").asText())
                                        .as("vertex %s", vertex.path("name").asText())
                                        .isEqualTo("RUNNING");
                            }
                        });
    }

    /** Completed checkpoints of the job so far. */
    long completedCheckpoints(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** The failures in the job's exception history: each one a restart (or the end). */
    int failuresSeen(String jobId) throws Exception {
        return get("/jobs/" + jobId + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    /** Stop with a savepoint (no drain); returns its location. */
    String stopWithSavepoint(String jobId, Duration patience) throws Exception {
        String trigger =
                post(
                                "/jobs/" + jobId + "/stop",
                                "{\"drain\":false,\"targetDirectory\":\"file://"
                                        + runDir.resolve("savepoints")
                                        + "\"}")
                        .path("request-id")
                        .asText();
        String[] location = new String[1];
        await("savepoint of " + jobId)
                .atMost(patience)
                .pollInSameThread()
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> {
                            JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
                            assertThat(status.path("status").path("id").asText())
                                    .isEqualTo("COMPLETED");
                            JsonNode operation = status.path("operation");
                            assertThat(operation.has("failure-cause"))
                                    .as("savepoint failure: %s", operation)
                                    .isFalse();
                            location[0] = operation.path("location").asText();
                        });
        return location[0];
    }

    /** {@code stop}: every process, TERM then KILL. */
    @Override
    public void close() throws Exception {
        script("stop");
    }

    private List<String> script(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(ClusterLayout.HOME.resolve(args[0]).toString());
        command.addAll(List.of(args).subList(1, args.length));
        Files.createDirectories(runDir);
        Path stdout = runDir.resolve("script-" + args[0] + "-" + System.nanoTime() + ".out");
        Path stderr = runDir.resolve("script-" + args[0] + "-" + System.nanoTime() + ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean done = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            process.destroyForcibly();
        }
        String err = Files.readString(stderr);
        assertThat(done && process.exitValue() == 0)
                .as("%s: exit status 0 within %s; stderr:%n%s", args[0], SCRIPT_TIMEOUT, err)
                .isTrue();
        return Files.readAllLines(stdout);
    }

    /** Distinct free loopback ports, all held open until every one is picked. */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
