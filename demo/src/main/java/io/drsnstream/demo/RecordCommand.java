package io.drsnstream.demo;

import io.drsnstream.demo.record.ChunkCapture;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.ModelArtifactException;
import io.drsnstream.drsn.model.ModelMetadata;
import io.drsnstream.schemas.Topics;
import io.drsnstream.sim.HealthState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code drsn-demo record}: the chunks of chosen sensors over a time span into a data set file
 * that {@code drsn-train train --data} reads, every window with the label given here.
 */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Records the chunks of chosen sensors from a topic over a span of sensor time into a "
                    + "data set file (read_committed), cut into windows as the job cuts them, "
                    + "all labelled --label: e.g. a healthy baseline after maintenance.",
            "Reads the topic from its oldest record (chunks are chosen by their own start time, "
                    + "not by when they were sent) and stops when every sensor has passed --to, "
                    + "or when no record came for --timeout. Where each window comes from is "
                    + "written to FILE.sources.json."
        })
public final class RecordCommand implements Callable<Integer> {

    @Mixin KafkaClientOptions kafka;

    @Option(
            names = "--topic",
            defaultValue = Topics.SENSOR_CHUNKS,
            description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--sensor",
            required = true,
            split = ",",
            paramLabel = "ID",
            description = "Sensor ids to record (repeat or comma-separate).")
    List<String> sensors;

    @Option(
            names = "--label",
            required = true,
            description = "The label of every window: one of the health states, e.g. HEALTHY.")
    String label;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "TIME",
            description = "Start of the span: an ISO-8601 instant (2026-01-01T08:00:00Z) or 'now'.")
    String from;

    @Option(
            names = "--to",
            paramLabel = "TIME",
            description = "End of the span (exclusive): an ISO-8601 instant.")
    String to;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Length of the span instead of --to, e.g. 1h or 90s.")
    Duration duration;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The data set file to write.")
    Path out;

    @Option(
            names = "--model",
            paramLabel = "DIR",
            description =
                    "Take the window length from this model artifact and check its sample rate; "
                            + "otherwise --window-length.")
    Path model;

    @Option(
            names = "--window-length",
            defaultValue = "2048",
            description = "Samples per window without --model (default: ${DEFAULT-VALUE}).")
    int windowLength;

    @Option(
            names = "--hop",
            description =
                    "Samples between window starts (default: the window length, as the job's window.hop).")
    Integer hop;

    @Option(
            names = "--timeout",
            converter = DurationConverter.class,
            defaultValue = "30s",
            description =
                    "Finish when no record came for this long, with what was captured (default: 30s).")
    Duration idleTimeout;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        HealthState state =
                Arrays.stream(HealthState.values())
                        .filter(s -> s.name().equalsIgnoreCase(label.strip()))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new ParameterException(
                                                cmd,
                                                "--label: unknown label '"
                                                        + label
                                                        + "' (known: "
                                                        + Arrays.stream(HealthState.values())
                                                                .map(Enum::name)
                                                                .collect(Collectors.joining(","))
                                                        + ")"));
        Instant start = instant(cmd, "--from", from);
        if ((to == null) == (duration == null)) {
            throw new ParameterException(cmd, "give either --to or --duration");
        }
        Instant end = to != null ? instant(cmd, "--to", to) : start.plus(duration);
        if (!end.isAfter(start)) {
            throw new ParameterException(cmd, "the span is empty: --to must be after --from");
        }
        Double modelRate = null;
        if (model != null) {
            try {
                ModelMetadata meta = ModelArtifact.verify(model);
                windowLength = meta.windowLength();
                modelRate = meta.sampleRateHz();
            } catch (ModelArtifactException e) {
                cmd.getErr().println("record: " + e.getMessage());
                return 1;
            }
        }
        if (windowLength < 16) {
            throw new ParameterException(cmd, "--window-length must be at least 16");
        }
        int h = hop != null ? hop : windowLength;
        if (h < 1) {
            throw new ParameterException(cmd, "--hop must be positive");
        }
        ChunkCapture capture =
                new ChunkCapture(
                        kafka.clientProperties(),
                        topic,
                        List.copyOf(sensors),
                        start,
                        end,
                        idleTimeout,
                        !noProgress);
        ChunkCapture.Result result;
        try {
            result = capture.run(cmd.getErr());
        } catch (IllegalStateException e) {
            cmd.getErr().println("record: " + e.getMessage());
            return 1;
        }
        if (modelRate != null && Math.abs(result.sampleRateHz() - modelRate) > 1e-6) {
            cmd.getErr()
                    .printf(
                            Locale.ROOT,
                            "record: the sensors sample at %.0f Hz, %s takes %.0f Hz: record "
                                    + "without --model, export and 'drsn-train import' to resample%n",
                            result.sampleRateHz(),
                            model,
                            modelRate);
            return 1;
        }
        return result.write(out, windowLength, h, state, topic, cmd.getOut(), cmd.getErr());
    }

    private static Instant instant(CommandLine cmd, String option, String text) {
        if (text.strip().equalsIgnoreCase("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    cmd,
                    option
                            + ": '"
                            + text
                            + "' is not an ISO-8601 instant such as 2026-01-01T08:00:00Z");
        }
    }
}
