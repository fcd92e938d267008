package io.drsnstream.training;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * PyTorch's intra-op threads. The networks are small (4 to 16 channels), so more threads gain
 * little, and on a small machine shared with other work they spin against each other: on the
 * 2-core development machine, under load, 2 threads trained at about 100 samples/s and 1 thread
 * at about 1,000. Must be applied before the engine starts (the first DJL call).
 */
final class ThreadOptions {

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "PyTorch intra-op threads; 0 = PyTorch's default, one per core (default: ${DEFAULT-VALUE}).")
    int threads;

    void apply(CommandLine cmd) {
        if (threads < 0) {
            throw new ParameterException(cmd, "--threads must be >= 0, got " + threads);
        }
        if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
