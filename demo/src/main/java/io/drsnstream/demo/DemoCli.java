package io.drsnstream.demo;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code drsn-demo}: the local demo and the topic tools. */
@Command(
        name = "drsn-demo",
        mixinStandardHelpOptions = true,
        version = "drsn-demo 0.1.0",
        description = "The drsn-stream demo and topic tools.",
        subcommands = {
            LocalDemoCommand.class,
            ProduceCommand.class,
            TailCommand.class,
            AlertConfigCommand.class,
            RecordCommand.class,
            ModelOpsCommand.class
        })
public final class DemoCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DemoCli());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler(DemoCli::oneLineError);
        cli.setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                    cmd.getErr()
                            .println(
                                    commandPath(cmd)
                                            + ": "
                                            + (e.getMessage() == null
                                                    ? e.toString()
                                                    : e.getMessage()));
                    return 1;
                });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A bad argument is a user error: one line and a hint, never a stack trace. */
    static int oneLineError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        // Picocli's messages about argument groups (--sensor | --machine) begin with "Error: ".
        String message = e.getMessage().replaceFirst("^Error: ", "");
        err.println(commandPath(cmd) + ": " + message + " (try --help)");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * The command as typed after {@code drsn-demo}, e.g. {@code alert-config set}: a nested
     * subcommand's own name ({@code set}) would not say which tool failed.
     */
    static String commandPath(CommandLine cmd) {
        String path = cmd.getCommandSpec().qualifiedName(" ");
        String root = cmd.getCommandSpec().root().name();
        return path.equals(root) ? path : path.substring(root.length() + 1);
    }
}
