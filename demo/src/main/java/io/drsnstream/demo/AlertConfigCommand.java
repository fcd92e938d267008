package io.drsnstream.demo;

import io.drsnstream.job.alert.AlertOverride;
import io.drsnstream.job.deadletter.RejectedRecord;
import io.drsnstream.schemas.AlertPolicyOverride;
import io.drsnstream.schemas.OverrideScope;
import io.drsnstream.schemas.Topics;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drsn-demo alert-config}: the per-sensor and per-machine overrides of the job's alert
 * rule on the compacted alert-config topic. Without a subcommand picocli reports the missing one.
 */
@Command(
        name = "alert-config",
        mixinStandardHelpOptions = true,
        description =
                "Set, remove or list the overrides of the alert rule (k of n windows to raise, m to clear,"
                        + " the threshold) per sensor or machine on the compacted alert-config topic.",
        subcommands = {
            AlertConfigCommand.Set.class,
            AlertConfigCommand.Remove.class,
            AlertConfigCommand.ListOverrides.class
        })
public final class AlertConfigCommand {

    /** Where the topic is; every subcommand takes these. */
    static final class TopicOptions {
        @Option(
                names = "--bootstrap-servers",
                required = true,
                description = "Kafka bootstrap servers, e.g. 127.0.0.1:29092.")
        String bootstrapServers;

        @Option(
                names = "--topic",
                defaultValue = Topics.SENSOR_ALERT_CONFIG,
                description = "The job's --topic.alert-config (default: ${DEFAULT-VALUE}).")
        String topic;

        AlertConfigTopic open() {
            return new AlertConfigTopic(bootstrapServers, topic);
        }
    }

    /** Which sensor or machine an override is for: exactly one of the two. */
    static final class Target {
        @Option(
                names = "--sensor",
                required = true,
                paramLabel = "ID",
                description = "A sensorId: its override wins over its machine's.")
        String sensorId;

        @Option(
                names = "--machine",
                required = true,
                paramLabel = "ID",
                description = "A machineId: for its sensors without an override of their own.")
        String machineId;

        OverrideScope scope() {
            return sensorId != null ? OverrideScope.SENSOR : OverrideScope.MACHINE;
        }

        String id(CommandLine cmd) {
            String id = sensorId != null ? sensorId : machineId;
            if (id.isBlank()) {
                throw new CommandLine.ParameterException(
                        cmd, "--sensor and --machine need a non-blank id");
            }
            return id;
        }
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description =
                    "Write the override of one sensor or machine (acks=all); the job checks it as this"
                            + " command does (1 <= k, m <= n <= 1024, k + m > n, 0 < T <= 1).")
    static final class Set implements Callable<Integer> {

        @Mixin TopicOptions topic;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(
                names = "--raise",
                required = true,
                paramLabel = "K",
                description = "k: raise an alert when K of the last N windows are anomalies.")
        int raiseWindows;

        @Option(
                names = "--windows",
                required = true,
                paramLabel = "N",
                description = "n: how many of the latest windows are the evidence.")
        int windowCount;

        @Option(
                names = "--clear",
                required = true,
                paramLabel = "M",
                description = "m: clear an open alert when M of the last N windows are healthy.")
        int clearWindows;

        @Option(
                names = "--threshold",
                paramLabel = "T",
                description =
                        "anomalyScore at or above which a window is an anomaly; default: the job's.")
        Float anomalyThreshold;

        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String id = target.id(spec.commandLine());
            AlertOverride override =
                    new AlertOverride(raiseWindows, windowCount, clearWindows, anomalyThreshold);
            try {
                AlertConfigRecords.check(override);
            } catch (IllegalArgumentException e) {
                // Nothing is written: the job would only turn it into a dead letter.
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "refused, as the job would: " + e.getMessage());
            }
            AlertPolicyOverride record =
                    AlertPolicyOverride.newBuilder()
                            .setScope(target.scope())
                            .setId(id)
                            .setRaiseWindows(raiseWindows)
                            .setWindowCount(windowCount)
                            .setClearWindows(clearWindows)
                            .setAnomalyThreshold(anomalyThreshold)
                            .build();
            RecordMetadata written = topic.open().write(record);
            spec.commandLine()
                    .getOut()
                    .println(
                            "set "
                                    + Topics.alertConfigKey(target.scope(), id)
                                    + ": "
                                    + AlertConfigRecords.describe(override)
                                    + " ("
                                    + where(written)
                                    + ")");
            return 0;
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description =
                    "Remove the override of one sensor or machine (a tombstone): the job's defaults, or"
                            + " the machine's override, apply again.")
    static final class Remove implements Callable<Integer> {

        @Mixin TopicOptions topic;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String key = Topics.alertConfigKey(target.scope(), target.id(spec.commandLine()));
            RecordMetadata written = topic.open().remove(key);
            spec.commandLine()
                    .getOut()
                    .println("removed " + key + " (tombstone at " + where(written) + ")");
            return 0;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description =
                    "Print the override in force per key, as the job reads the topic: from the start,"
                            + " read_committed, the latest valid record per key.")
    static final class ListOverrides implements Callable<Integer> {

        static final String LINE = "%-40s %s";

        @Mixin TopicOptions topic;

        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AlertConfigTopic config = topic.open();
            AlertConfigTopic.Snapshot snapshot = config.read();
            PrintWriter out = spec.commandLine().getOut();
            if (snapshot.overrides().isEmpty()) {
                out.println("(no overrides on " + config.topic() + ": the job's defaults apply)");
            } else {
                out.println(String.format(LINE, "key", "override"));
                for (Map.Entry<String, AlertOverride> e : snapshot.overrides().entrySet()) {
                    out.println(
                            String.format(
                                    LINE, e.getKey(), AlertConfigRecords.describe(e.getValue())));
                }
            }
            // Refused records change nothing in the job; they are its dead letters.
            PrintWriter err = spec.commandLine().getErr();
            for (RejectedRecord refused : snapshot.refused()) {
                err.println(
                        "alert-config list: ignored, as the job does: "
                                + refused.source.topic
                                + "-"
                                + refused.source.partition
                                + "@"
                                + refused.source.offset
                                + " "
                                + refused.reason
                                + ": "
                                + refused.detail);
            }
            return 0;
        }
    }

    private static String where(RecordMetadata written) {
        return written.topic() + "-" + written.partition() + "@" + written.offset();
    }
}
