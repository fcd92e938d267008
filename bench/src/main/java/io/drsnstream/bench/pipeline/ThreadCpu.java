package io.drsnstream.bench.pipeline;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of every thread of this process, native ones included (PyTorch's, the JIT compilers,
 * GC), from Linux's {@code /proc/self/task/<tid>/stat}: where the cores go between two snapshots.
 *
 * <p>Why not JFR alone: its execution sampler sees Java frames only, so a thread that spends its
 * time in PyTorch looks idle in it. On other systems than Linux the snapshots are empty.
 */
public final class ThreadCpu {

    /** {@code /proc} reports CPU times in USER_HZ clock ticks, 100 per second on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> ticksByThread;
    private final Map<String, String> nameByThread;
    private final long nanoTime;

    private ThreadCpu(
            Map<String, Long> ticksByThread, Map<String, String> nameByThread, long nanoTime) {
        this.ticksByThread = ticksByThread;
        this.nameByThread = nameByThread;
        this.nanoTime = nanoTime;
    }

    public static ThreadCpu snapshot() {
        Map<String, Long> ticks = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Path tasks = Path.of("/proc/self/task");
        if (Files.isDirectory(tasks)) {
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    try {
                        String stat = Files.readString(thread.resolve("stat"));
                        // "tid (comm) state ppid ...": comm may hold spaces and parentheses.
                        int close = stat.lastIndexOf(')');
                        String[] fields = stat.substring(close + 2).split(" ");
                        ticks.put(
                                thread.getFileName().toString(),
                                Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                        names.put(
                                thread.getFileName().toString(),
                                stat.substring(stat.indexOf('(') + 1, close));
                    } catch (IOException | RuntimeException e) {
                        // The thread ended between listing and reading: it is simply not counted.
                    }
                }
            } catch (IOException e) {
                return new ThreadCpu(Map.of(), Map.of(), System.nanoTime());
            }
        }
        return new ThreadCpu(ticks, names, System.nanoTime());
    }

    /**
     * Cores used per kind of thread from {@code earlier} to this snapshot, busiest first, with
     * {@code "total"} first of all. Threads that started in between count from zero; threads that
     * ended in between are missing (those of the pipeline live as long as the run).
     */
    public Map<String, Double> coresSince(ThreadCpu earlier) {
        double seconds = (nanoTime - earlier.nanoTime) / 1e9;
        Map<String, Double> byKind = new HashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> entry : ticksByThread.entrySet()) {
            long used = entry.getValue() - earlier.ticksByThread.getOrDefault(entry.getKey(), 0L);
            double cores = used / TICKS_PER_SECOND / seconds;
            byKind.merge(kindOf(nameByThread.get(entry.getKey())), cores, Double::sum);
            total += cores;
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        sorted.put("total", round(total));
        byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() >= 0.005)
                .forEach(e -> sorted.put(e.getKey(), round(e.getValue())));
        return sorted;
    }

    /** Linux keeps 15 characters of a thread's name; these prefixes are what this harness runs. */
    static String kindOf(String name) {
        if (name == null) {
            return "other";
        }
        if (name.startsWith("Assemble window")) {
            return "Flink task: assemble windows";
        }
        // Since the scoring operator takes the model-control input too it is a task of its own
        // ("Score (from <model>, model-control) -> sinks"): two inputs do not chain.
        if (name.startsWith("Score (from")) {
            return "Flink task: score (PyTorch), sinks";
        }
        if (name.startsWith("Source: Kafka")) {
            return "Flink task: Kafka source, decode, route";
        }
        if (name.startsWith("Source Data Fet")) {
            return "Flink Kafka source fetcher";
        }
        if (name.startsWith("Count dead lett")) {
            return "Flink task: dead letters";
        }
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "JIT compilers";
        }
        if (name.startsWith("GC Thread")
                || name.startsWith("G1 ")
                || name.startsWith("VM Thread")) {
            return "GC and VM";
        }
        if (name.startsWith("kafka-producer")) {
            return "Kafka producer I/O (job sinks, load generator)";
        }
        if (name.startsWith("paced-producer")) {
            return "load generator";
        }
        if (name.startsWith("score-reader")) {
            return "score reader";
        }
        if (name.startsWith("data-plane")
                || name.startsWith("kafka-")
                || name.startsWith("executor-")
                || name.startsWith("ExpirationReap")
                || name.startsWith("broker-")
                || name.startsWith("controller-")
                || name.startsWith("quorum-")
                || name.startsWith("raft-")) {
            return "Kafka broker";
        }
        if (name.startsWith("flink-")
                || name.startsWith("AsyncOperation")
                || name.startsWith("Checkpoint")
                || name.startsWith("Flink-")
                || name.startsWith("jobmanager")
                || name.startsWith("mini-cluster")) {
            return "Flink runtime (RPC, checkpoints, metrics)";
        }
        if (name.equals("java")) {
            return "unnamed native threads";
        }
        return "other";
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
