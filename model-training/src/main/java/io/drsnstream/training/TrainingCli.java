package io.drsnstream.training;

import io.drsnstream.drsn.model.ModelArtifactException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code drsn-train}: the offline command line for data generation, training, evaluation and
 * the paper reproduction. Subcommands are registered in {@link #commandLine()}.
 *
 * <p>Exit codes: 0 success, 1 failure (e.g. a missing model directory), 2 bad arguments. Errors
 * are one line on stderr, never a stack trace (set {@code DRSN_TRAIN_DEBUG=1} to see one).
 */
@Command(
        name = "drsn-train",
        mixinStandardHelpOptions = true,
        versionProvider = TrainingCli.Version.class,
        subcommands = {
            GenerateCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            CalibrateCommand.class,
            ReproduceCommand.class
        },
        description =
                "Train, evaluate and reproduce the Deep Residual Shrinkage Network on simulated vibration data.")
public final class TrainingCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, with one-line errors for bad arguments and failures. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainingCli());
        cli.setParameterExceptionHandler(TrainingCli::oneLineError);
        cli.setExecutionExceptionHandler(TrainingCli::oneLineFailure);
        return cli;
    }

    @Override
    public void run() {
        // Without a subcommand there is nothing to do but explain the choices.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A bad argument is a user error: one line and a hint, never a stack trace. */
    static int oneLineError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(qualifiedName(cmd) + ": " + oneLine(e.getMessage()) + " (try --help)");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** A failure while running: one line, exit code 1. */
    static int oneLineFailure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        String message;
        if (e instanceof CliFailure || e instanceof ModelArtifactException) {
            message = e.getMessage();
        } else {
            message =
                    e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        err.println(qualifiedName(cmd) + ": " + oneLine(message));
        if (System.getenv("DRSN_TRAIN_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return cmd.getCommandSpec().exitCodeOnExecutionException();
    }

    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /** Reports the version of this build, taken from the jar manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainingCli.class.getPackage().getImplementationVersion();
            return new String[] {
                "drsn-train " + (version == null ? "(development build)" : version)
            };
        }
    }
}
