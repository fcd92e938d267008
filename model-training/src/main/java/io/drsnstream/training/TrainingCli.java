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
            ReproduceCommand.class,
            ImportCommand.class,
            CwruManifestsCommand.class
        },
        description =
                "Train, evaluate and reproduce the Deep Residual Shrinkage Network on simulated vibration data.")
public final class TrainingCli implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** The environment variable that bounds oneDNN's instruction set (PyTorch's CPU kernels). */
    static final String ONEDNN_ISA_ENV = "ONEDNN_MAX_CPU_ISA";

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // No downloads at run time: the PyTorch natives are in the jar. Set before any DJL class
        // loads (DJL reads it when the engine starts); an explicit -Dai.djl.offline wins.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * One line of advice before training when {@value #ONEDNN_ISA_ENV} is unset: a JVM cannot set
     * its own environment, and oneDNN's AVX-512 backward convolution gives sporadic NaN gradients
     * on the AMD EPYC machines this project trains on (docs/model-quality.md).
     */
    static void adviseOnOneDnn(PrintWriter err) {
        if (System.getenv(ONEDNN_ISA_ENV) == null) {
            err.println(
                    "note: "
                            + ONEDNN_ISA_ENV
                            + " is not set; on AVX-512 CPUs run with "
                            + ONEDNN_ISA_ENV
                            + "=AVX2 (sporadic NaN gradients otherwise, see docs/model-quality.md)");
            err.flush();
        }
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
