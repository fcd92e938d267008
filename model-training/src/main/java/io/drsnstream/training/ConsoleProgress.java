package io.drsnstream.training;

import io.drsnstream.drsn.training.EpochResult;
import io.drsnstream.drsn.training.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: a progress bar on stderr over all batches of all epochs (only when
 * asked for, i.e. on a terminal) with the last epoch's loss and accuracy, and one log line per
 * epoch on the given writer.
 */
final class ConsoleProgress implements ProgressListener, AutoCloseable {

    private final PrintWriter log;
    private final String prefix;
    private final boolean showBar;
    private final int epochs;
    private ProgressBar bar;
    private int batchesPerEpoch = -1;

    /**
     * @param log where the per-epoch lines go
     * @param prefix put before every line, e.g. the run's name; may be empty
     * @param showBar whether to draw a progress bar on stderr
     * @param epochs the epochs requested
     */
    ConsoleProgress(PrintWriter log, String prefix, boolean showBar, int epochs) {
        this.log = log;
        this.prefix = prefix.isEmpty() ? "" : prefix + " ";
        this.showBar = showBar;
        this.epochs = epochs;
    }

    @Override
    public void onBatch(int epoch, int batch, int batches) {
        if (!showBar) {
            return;
        }
        if (bar == null) {
            batchesPerEpoch = batches;
            bar =
                    new ProgressBarBuilder()
                            .setTaskName(prefix + "training")
                            .setInitialMax((long) batches * epochs)
                            .setStyle(ProgressBarStyle.ASCII)
                            .setConsumer(new ConsoleProgressBarConsumer(System.err))
                            .setUpdateIntervalMillis(500)
                            .showSpeed()
                            .build();
        }
        bar.stepTo((long) (epoch - 1) * batchesPerEpoch + batch);
    }

    @Override
    public void onEpoch(EpochResult r) {
        String line =
                String.format(
                        Locale.ROOT,
                        "%sepoch %d/%d  loss %.4f  train acc %.4f  lr %.4g  %.0f samples/s  %.1f s%s",
                        prefix,
                        r.epoch(),
                        r.epochs(),
                        r.loss(),
                        r.trainAccuracy(),
                        r.learningRate(),
                        r.samplesPerSecond(),
                        r.samplesPerSecond() > 0 ? r.samples() / r.samplesPerSecond() : 0,
                        r.stopped() ? "  (stopped)" : "");
        if (bar != null) {
            bar.setExtraMessage(
                    String.format(
                            Locale.ROOT,
                            " epoch %d loss %.3f acc %.3f",
                            r.epoch(),
                            r.loss(),
                            r.trainAccuracy()));
        }
        log.println(line);
        log.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
