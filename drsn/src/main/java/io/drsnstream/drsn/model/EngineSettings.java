package io.drsnstream.drsn.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JVM-wide settings that DJL's PyTorch engine reads once, when it starts: set them before
 * the first DJL call of the JVM. The one place that knows their names and this project's
 * defaults: offline always (the natives come from the jar; nothing is downloaded at run time),
 * one inter-op thread, and the intra-op threads the caller asks for. A value given with {@code
 * -D} wins over every default.
 */
public final class EngineSettings {

    /** {@code true}: DJL never downloads anything. */
    public static final String OFFLINE = "ai.djl.offline";

    /** PyTorch's intra-op threads (one operation split over threads). */
    public static final String INTRA_OP_THREADS = "ai.djl.pytorch.num_threads";

    /** PyTorch's inter-op threads (independent operations side by side). */
    public static final String INTER_OP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private EngineSettings() {}

    /**
     * Offline, {@code intraOpThreads} intra-op threads and one inter-op thread, each unless the
     * deployment set its own value with {@code -D}.
     *
     * @param intraOpThreads PyTorch intra-op threads; 0 keeps PyTorch's default (one per core)
     */
    public static synchronized void applyDefaults(int intraOpThreads) {
        setIfAbsent(OFFLINE, "true");
        if (intraOpThreads > 0) {
            setIfAbsent(INTRA_OP_THREADS, Integer.toString(intraOpThreads));
        }
        setIfAbsent(INTER_OP_THREADS, "1");
    }

    /**
     * {@code intraOpThreads} intra-op threads even where {@code -D} set another value (a
     * benchmark's parameter); the other settings as {@link #applyDefaults}.
     */
    public static synchronized void applyWithIntraOpThreads(int intraOpThreads) {
        System.setProperty(INTRA_OP_THREADS, Integer.toString(intraOpThreads));
        applyDefaults(0);
    }

    /** The thread settings in force (null where unset), for logs and result files. */
    public static Map<String, String> threadsInForce() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(INTRA_OP_THREADS, System.getProperty(INTRA_OP_THREADS));
        settings.put(INTER_OP_THREADS, System.getProperty(INTER_OP_THREADS));
        return settings;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
