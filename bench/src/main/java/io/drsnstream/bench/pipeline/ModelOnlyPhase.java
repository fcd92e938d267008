package io.drsnstream.bench.pipeline;

import ai.djl.Device;
import io.drsnstream.bench.BenchSupport;
import io.drsnstream.drsn.model.ModelArtifact;
import io.drsnstream.drsn.model.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code model} phase: the scorer alone, as the job runs it: {@code threads} scorers (one per
 * scoring subtask) on one shared model, each scoring full batches back to back, in this JVM
 * before Flink starts. The model-only ceiling the pipeline's drain rate is compared with.
 */
public final class ModelOnlyPhase {

    /** The phase's result; component names are the result file's field names. */
    public record Result(int threads, Map<String, String> engine, List<BatchRun> runs) {
        /** The run at the job's batch size, the first one. */
        public BatchRun atJobBatch() {
            return runs.get(0);
        }
    }

    /** One batch size: windows scored by all threads together over the measured seconds. */
    public record BatchRun(int batch, long windows, double seconds, double windowsPerSecond) {}

    private final PhaseContext context;

    public ModelOnlyPhase(PhaseContext context) {
        this.context = context;
    }

    /** @param batchSizes the job's batch size first, then the others (batch 1) */
    public Result run(int[] batchSizes, int threads, double warmupSeconds, double seconds)
            throws Exception {
        List<BatchRun> runs = new ArrayList<>();
        try (ModelArtifact artifact =
                ModelArtifact.load(context.settings().modelDir(), Device.cpu())) {
            for (int batch : batchSizes) {
                BatchRun run = scoreFor(artifact, batch, threads, warmupSeconds, seconds);
                runs.add(run);
                System.out.printf(
                        Locale.ROOT,
                        "model: batch %d x %d threads: %.0f windows/s%n",
                        batch,
                        threads,
                        run.windowsPerSecond());
            }
        }
        return new Result(threads, BenchSupport.engineSettings(), runs);
    }

    private BatchRun scoreFor(
            ModelArtifact artifact, int batch, int threads, double warmupSeconds, double seconds)
            throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong[] windows = new AtomicLong[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            AtomicLong counter = windows[t] = new AtomicLong();
            float[][] input = BenchSupport.randomWindows(batch, context.windowLength(), 100 + t);
            Thread worker =
                    new Thread(
                            () -> {
                                try (Scorer scorer = artifact.newScorer(batch)) {
                                    while (!stop.get()) {
                                        scorer.score(input);
                                        counter.addAndGet(batch);
                                    }
                                } catch (Throwable e) {
                                    failure.compareAndSet(null, e);
                                }
                            },
                            "model-only-" + t);
            workers.add(worker);
            worker.start();
        }
        Thread.sleep((long) (warmupSeconds * 1000));
        long before = Arrays.stream(windows).mapToLong(AtomicLong::get).sum();
        long start = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long after = Arrays.stream(windows).mapToLong(AtomicLong::get).sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Scoring failed: " + failure.get(), failure.get());
        }
        return new BatchRun(batch, after - before, elapsed, (after - before) / elapsed);
    }
}
