package io.drsnstream.demo;

import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.schemas.ModelCommand;
import io.drsnstream.schemas.ModelCommandKind;
import io.drsnstream.schemas.ModelStatus;
import io.drsnstream.schemas.Topics;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code drsn-demo model}: the running job's models. deploy, shadow, promote and rollback write a
 * command to the model-control topic; status prints what each scoring subtask answered on
 * model-status.
 */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description =
                "Deploy, shadow, promote or roll back the running job's model (model-control topic), or"
                        + " print the subtasks' answers (model-status topic).",
        subcommands = {
            ModelOpsCommand.Deploy.class,
            ModelOpsCommand.Shadow.class,
            ModelOpsCommand.Promote.class,
            ModelOpsCommand.Rollback.class,
            ModelOpsCommand.Status.class
        })
public final class ModelOpsCommand {

    /** The control topic and the command's id. */
    static final class ControlOptions {
        @Mixin KafkaClientOptions kafka;

        @Option(
                names = "--topic",
                defaultValue = Topics.MODEL_CONTROL,
                description = "The job's --topic.model-control (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(
                names = "--command-id",
                paramLabel = "ID",
                description = "Id of the command in model-status (default: a random UUID).")
        String commandId;

        String commandId() {
            return commandId != null ? commandId : UUID.randomUUID().toString();
        }
    }

    /** Which artifact to load, as the job sees it, and what it must declare. */
    static final class ArtifactOptions {
        @Option(
                names = "--location",
                required = true,
                paramLabel = "URI",
                description =
                        "The artifact directory as the job's TaskManagers reach it: a path or file:// URI,"
                                + " or s3://... and any other scheme of a Flink file-system plugin.")
        String location;

        @Option(
                names = "--artifact",
                paramLabel = "DIR",
                description =
                        "A local copy of the artifact to read version and SHA-256 from (default: --location"
                                + " when it is a local path or file:// URI).")
        Path artifact;

        @Option(
                names = "--version",
                paramLabel = "VERSION",
                description = "The version model.json declares (default: read from the artifact).")
        String version;

        @Option(
                names = "--sha256",
                paramLabel = "HEX",
                description =
                        "SHA-256 of model.params (default: the artifact's, checked against its files).")
        String sha256;
    }

    /** A DEPLOY or SHADOW command, version and SHA-256 read from the local artifact if not given. */
    static ModelCommand loadCommand(
            ModelCommandKind kind,
            ControlOptions control,
            ArtifactOptions artifact,
            CommandLine cmd) {
        String version = artifact.version;
        String sha256 = artifact.sha256;
        Path local = artifact.artifact != null ? artifact.artifact : localPath(artifact.location);
        if (local != null && (version == null || sha256 == null)) {
            ModelMetadata metadata;
            try {
                // The job checks the same; refused here, nothing is written.
                metadata = ModelArtifact.verify(local);
            } catch (ModelArtifactException e) {
                throw new CommandLine.ParameterException(
                        cmd, "refused, as the job would: " + e.getReason() + ": " + e.getMessage());
            }
            version = version != null ? version : metadata.version();
            sha256 = sha256 != null ? sha256 : metadata.parametersSha256();
        }
        if (version == null || sha256 == null) {
            throw new CommandLine.ParameterException(
                    cmd,
                    "--location "
                            + artifact.location
                            + " is not local: give --version and --sha256, or --artifact DIR");
        }
        return ModelCommand.newBuilder()
                .setCommandId(control.commandId())
                .setKind(kind)
                .setVersion(version)
                .setLocation(artifact.location)
                .setSha256(sha256)
                .build();
    }

    /** The local directory a location names, or null when it is on another file system. */
    static Path localPath(String location) {
        URI uri;
        try {
            uri = URI.create(location);
        } catch (IllegalArgumentException e) {
            return Path.of(location);
        }
        if (uri.getScheme() == null) {
            return Path.of(location);
        }
        if (uri.getScheme().equals("file")) {
            return Path.of(uri);
        }
        return null;
    }

    static int write(ControlOptions control, ModelCommand command, CommandLine cmd)
            throws Exception {
        RecordMetadata written =
                new ModelControlTopic(control.kafka.clientProperties(), control.topic)
                        .write(command);
        cmd.getOut()
                .println(
                        command.getKind()
                                + " "
                                + command.getCommandId()
                                + (command.getVersion() == null
                                        ? ""
                                        : " "
                                                + command.getVersion()
                                                + " at "
                                                + command.getLocation())
                                + " ("
                                + written.topic()
                                + "-"
                                + written.partition()
                                + "@"
                                + written.offset()
                                + "); the answers: model status --command-id "
                                + command.getCommandId());
        return 0;
    }

    @Command(
            name = "deploy",
            mixinStandardHelpOptions = true,
            description =
                    "Make an artifact the active model: every scoring subtask verifies it (SHA-256, version,"
                            + " labels, window length, sample rate), loads it and switches between two"
                            + " batches, or refuses it and scores on.")
    static final class Deploy implements Callable<Integer> {
        @Mixin ControlOptions control;
        @Mixin ArtifactOptions artifact;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return write(
                    control,
                    loadCommand(ModelCommandKind.DEPLOY, control, artifact, spec.commandLine()),
                    spec.commandLine());
        }
    }

    @Command(
            name = "shadow",
            mixinStandardHelpOptions = true,
            description =
                    "Score every window with an artifact as well, to the shadow scores topic, next to the"
                            + " active model; promote makes it active.")
    static final class Shadow implements Callable<Integer> {
        @Mixin ControlOptions control;
        @Mixin ArtifactOptions artifact;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return write(
                    control,
                    loadCommand(ModelCommandKind.SHADOW, control, artifact, spec.commandLine()),
                    spec.commandLine());
        }
    }

    @Command(
            name = "promote",
            mixinStandardHelpOptions = true,
            description = "Make the shadow model the active one.")
    static final class Promote implements Callable<Integer> {
        @Mixin ControlOptions control;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return write(control, bare(ModelCommandKind.PROMOTE, control), spec.commandLine());
        }
    }

    @Command(
            name = "rollback",
            mixinStandardHelpOptions = true,
            description =
                    "Make the previous active model (before the last deploy or promote) active again.")
    static final class Rollback implements Callable<Integer> {
        @Mixin ControlOptions control;
        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return write(control, bare(ModelCommandKind.ROLLBACK, control), spec.commandLine());
        }
    }

    static ModelCommand bare(ModelCommandKind kind, ControlOptions control) {
        return ModelCommand.newBuilder().setCommandId(control.commandId()).setKind(kind).build();
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description =
                    "Print the scoring subtasks' answers to the model commands, oldest first"
                            + " (read_committed: what the job has committed).")
    static final class Status implements Callable<Integer> {
        static final String LINE = "%-24s %-36s %7s  %-9s  %-18s %s";

        @Mixin KafkaClientOptions kafka;

        @Option(
                names = "--topic",
                defaultValue = Topics.MODEL_STATUS,
                description = "The job's --topic.model-status (default: ${DEFAULT-VALUE}).")
        String topic;

        @Option(
                names = "--command-id",
                paramLabel = "ID",
                description = "Only the answers to this command.")
        String commandId;

        @Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<ModelStatus> statuses =
                    new ModelControlTopic(kafka.clientProperties(), topic).readStatuses();
            PrintWriter out = spec.commandLine().getOut();
            out.println(
                    String.format(
                            LINE, "at", "command", "subtask", "outcome", "version", "reason"));
            for (ModelStatus status : statuses) {
                if (commandId != null && !commandId.equals(status.getCommandId())) {
                    continue;
                }
                out.println(
                        String.format(
                                LINE,
                                status.getAt(),
                                status.getCommandId(),
                                status.getSubtask(),
                                status.getOutcome(),
                                status.getVersion() == null ? "-" : status.getVersion(),
                                status.getReason() == null ? "" : status.getReason()));
            }
            return 0;
        }
    }

    private ModelOpsCommand() {}
}
