package io.drsnstream.training;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code drsn-train}: the offline command line for data generation, training, evaluation and
 * the paper reproduction. Subcommands are registered in {@link #commandLine()}.
 */
@Command(name = "drsn-train",
        mixinStandardHelpOptions = true,
        versionProvider = TrainingCli.Version.class,
        description = "Train, evaluate and reproduce the Deep Residual Shrinkage Network on simulated vibration data.")
public final class TrainingCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, with one-line errors for bad arguments. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TrainingCli());
        cli.setParameterExceptionHandler(TrainingCli::oneLineError);
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
        err.println(cmd.getCommandName() + ": " + e.getMessage() + " (try --help)");
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Reports the version of this build, taken from the jar manifest when there is one. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TrainingCli.class.getPackage().getImplementationVersion();
            return new String[] {"drsn-train " + (version == null ? "(development build)" : version)};
        }
    }
}
