package io.drsnstream.training;

import io.drsnstream.drsn.training.DrsnTrainer;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT/SIGTERM) handling for long runs: a shutdown hook asks the current trainer to
 * stop after its batch, then holds the JVM until the command has written what it has (or a
 * minute and a half has passed). Close it when the command is done; a shutdown that starts after
 * that does not wait.
 */
final class StopOnSignal implements AutoCloseable {

    private static final long PATIENCE_SECONDS = 90;

    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread hook;
    private volatile DrsnTrainer trainer;
    private volatile boolean requested;

    StopOnSignal(PrintWriter err) {
        hook =
                new Thread(
                        () -> {
                            requested = true;
                            DrsnTrainer t = trainer;
                            if (t != null) {
                                t.requestStop();
                            }
                            if (done.getCount() > 0) {
                                err.println(
                                        "drsn-train: stop requested, finishing the current batch and writing results...");
                                err.flush();
                            }
                            try {
                                done.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "drsn-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The trainer a signal should stop from now on. */
    void watch(DrsnTrainer current) {
        trainer = current;
        if (requested && current != null) {
            current.requestStop();
        }
    }

    /** Whether a stop was requested. */
    boolean requested() {
        return requested;
    }

    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; it returns now that done is counted down.
        }
    }
}
