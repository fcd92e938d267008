package io.drsnstream.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The job's metric names as Flink's Prometheus reporter exports them, for checking dashboards
 * against the code: a renamed counter must fail the dashboard's test, not leave an empty panel.
 *
 * <p>The reporter names a metric {@code flink_<logical scope>_<name>}, the logical scope's parts
 * and a user group joined by {@code _}: an operator's counter {@code windowsScored} becomes {@code
 * flink_taskmanager_job_task_operator_windowsScored}, a counter {@code DECODE_ERROR} in the group
 * {@code deadLetters} {@code flink_taskmanager_job_task_operator_deadLetters_DECODE_ERROR}.
 */
final class JobMetricNames {

    /** Prefix of every operator metric (the job's own and Flink's per-operator ones). */
    static final String OPERATOR_SCOPE = "flink_taskmanager_job_task_operator_";

    /** Prefix of Flink's job metrics on the JobManager. */
    static final String JOB_SCOPE = "flink_jobmanager_job_";

    /** Flink's own per-operator metrics the dashboard uses (FLIP-33 source metrics). */
    private static final Set<String> FLINK_OPERATOR_METRICS = Set.of("pendingRecords");

    /** Flink's own job metrics the dashboard uses (checkpointing, restarts). */
    private static final Set<String> FLINK_JOB_METRICS =
            Set.of("lastCheckpointDuration", "numRestarts", "numberOfCompletedCheckpoints");

    private static final Pattern REGISTRATION =
            Pattern.compile("\\.(counter|gauge|meter|histogram)\\(\\s*\"([A-Za-z0-9_]+)\"");

    /** The counters of an {@code InboundRouter}, named in its constructor: accepted, rejected. */
    private static final Pattern ROUTER =
            Pattern.compile(
                    "new InboundRouter<>\\(\\s*\\w+\\.class,\\s*\"([A-Za-z0-9_]+)\",\\s*\"([A-Za-z0-9_]+)\"");

    private static final Pattern GROUP =
            Pattern.compile("\\.addGroup\\(\\s*\"([A-Za-z0-9_]+)\"\\s*\\)");
    private static final Pattern PROMETHEUS_NAME = Pattern.compile("flink_[A-Za-z0-9_:]*");

    private JobMetricNames() {}

    /**
     * Metric names registered by the sources under {@code sourceRoot}: {@code name} for a metric,
     * {@code group_} for a metric group whose metrics are named at run time (e.g. one per reason).
     */
    static Set<String> registeredIn(Path sourceRoot) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        try (Stream<Path> files = Files.walk(sourceRoot)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .forEach(
                            f -> {
                                String code = read(f);
                                Matcher m = REGISTRATION.matcher(code);
                                while (m.find()) {
                                    names.add(m.group(2));
                                }
                                Matcher r = ROUTER.matcher(code);
                                while (r.find()) {
                                    names.add(r.group(1));
                                    names.add(r.group(2));
                                }
                                Matcher g = GROUP.matcher(code);
                                while (g.find()) {
                                    names.add(g.group(1) + "_");
                                }
                            });
        }
        return names;
    }

    /** The Prometheus metric names (or name prefixes of a {@code __name__=~} pattern) in a query. */
    static Set<String> prometheusNamesIn(String promQl) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PROMETHEUS_NAME.matcher(promQl);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    static boolean isKnown(String prometheusName, Set<String> jobMetrics) {
        if (prometheusName.startsWith(OPERATOR_SCOPE)) {
            String name = prometheusName.substring(OPERATOR_SCOPE.length());
            return jobMetrics.contains(name) || FLINK_OPERATOR_METRICS.contains(name);
        }
        if (prometheusName.startsWith(JOB_SCOPE)) {
            return FLINK_JOB_METRICS.contains(prometheusName.substring(JOB_SCOPE.length()));
        }
        return false;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
