package io.drsnstream.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aBusyThreadShowsUpUnderItsKind() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
        ThreadCpu before = ThreadCpu.snapshot();
        CountDownLatch measured = new CountDownLatch(1);
        CountDownLatch spun = new CountDownLatch(1);
        Thread busy =
                new Thread(
                        () -> {
                            long end = System.nanoTime() + 300_000_000L;
                            double x = 0;
                            while (System.nanoTime() < end) {
                                x += Math.sqrt(x + 1);
                            }
                            if (x == 42) {
                                System.out.println(x);
                            }
                            spun.countDown();
                            try {
                                measured.await(); // a thread that has ended is no longer in /proc
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "paced-producer");
        busy.start();
        spun.await();
        Map<String, Double> cores = ThreadCpu.snapshot().coresSince(before);
        measured.countDown();
        busy.join();
        assertThat(cores.keySet().iterator().next()).isEqualTo("total");
        // 0.3 s of one core over a bit more than 0.3 s; ticks are 10 ms, the machine may be shared.
        assertThat(cores.get("load generator")).isBetween(0.3, 1.01);
        assertThat(cores.get("total")).isGreaterThanOrEqualTo(cores.get("load generator"));
    }

    @Test
    void threadNamesMapToWhatTheyDo() {
        assertThat(ThreadCpu.kindOf("Assemble window")).contains("assemble");
        assertThat(ThreadCpu.kindOf("Score (from drs")).contains("score");
        assertThat(ThreadCpu.kindOf("C2 CompilerThre")).isEqualTo("JIT compilers");
        assertThat(ThreadCpu.kindOf("data-plane-kafk")).isEqualTo("Kafka broker");
        assertThat(ThreadCpu.kindOf("something else")).isEqualTo("other");
    }
}
