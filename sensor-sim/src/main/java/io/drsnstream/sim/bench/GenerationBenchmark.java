package io.drsnstream.sim.bench;

import io.drsnstream.sim.Dataset;
import io.drsnstream.sim.DatasetFile;
import io.drsnstream.sim.DatasetGenerator;
import io.drsnstream.sim.DatasetSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * Times the generation of the paper-sized data set (8 states x 3 speeds x 3 loads x 400 windows
 * of 2048 samples = 28,800 windows) on all cores and prints windows per second. With a path
 * argument it also times writing and reading the data set file there (about 236 MB).
 *
 * <p>A main, not a unit test: timings belong in reports, not in pass/fail checks.
 * Run: {@code java -cp <classpath> io.drsnstream.sim.bench.GenerationBenchmark [file]}.
 */
public final class GenerationBenchmark {

    private GenerationBenchmark() {}

    /** Runs the benchmark; optional argument: a file path for the write/read timing. */
    public static void main(String[] args) throws IOException {
        DatasetSpec spec = DatasetSpec.paper();
        // A short warm-up so the timed run measures compiled code, not the interpreter.
        new DatasetGenerator(spec.toBuilder().windowsPerCombination(10).seed(1).build()).generate();

        long start = System.nanoTime();
        Dataset dataset = new DatasetGenerator(spec).generate();
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf(
                Locale.ROOT,
                "generated %d windows x %d samples in %.2f s: %.0f windows/s, %.1f Msamples/s%n",
                dataset.size(),
                spec.windowLength(),
                seconds,
                dataset.size() / seconds,
                (double) dataset.size() * spec.windowLength() / seconds / 1e6);
        System.out.printf(
                Locale.ROOT,
                "threads: %d (available processors %d), java %s (%s)%n",
                ForkJoinPool.commonPool().getParallelism() + 1,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"));

        if (args.length > 0) {
            Path file = Path.of(args[0]);
            start = System.nanoTime();
            DatasetFile.write(dataset, file);
            double write = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            Dataset back = DatasetFile.read(file);
            double read = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "file %s: %.1f MB, write %.2f s, read %.2f s (%d windows)%n",
                    file,
                    Files.size(file) / 1e6,
                    write,
                    read,
                    back.size());
        }
    }
}
