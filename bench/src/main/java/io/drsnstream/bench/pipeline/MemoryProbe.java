package io.drsnstream.bench.pipeline;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The memory of this process: JVM heap and direct buffers from the MXBeans, resident set size
 * from {@code /proc/self/status} (VmRSS), which also counts what PyTorch allocates natively and
 * what DJL's direct buffers hold: the figure that an operator's container limit applies to.
 */
public final class MemoryProbe {

    /** One reading; sizes in bytes, -1 where unavailable. */
    public record Reading(
            long heapUsed, long heapCommitted, long nonHeapUsed, long directUsed, long rss) {}

    private static final Path STATUS = Path.of("/proc/self/status");

    private MemoryProbe() {}

    public static Reading read() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long direct = -1;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(pool.getName())) {
                direct = pool.getMemoryUsed();
            }
        }
        return new Reading(
                memory.getHeapMemoryUsage().getUsed(),
                memory.getHeapMemoryUsage().getCommitted(),
                memory.getNonHeapMemoryUsage().getUsed(),
                direct,
                rssBytes());
    }

    /** VmRSS of this process, or -1 where /proc is not available (not Linux). */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L; // always reported in kB
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not Linux, or an unexpected format
        }
        return -1;
    }
}
