package io.drsnstream.sql;

/**
 * JVM-wide settings that DJL's PyTorch engine reads once, when it starts: they must be in place
 * before the first model loads in a TaskManager. A deployment's own {@code -D} values win.
 */
final class PyTorchEngineSettings {

    private PyTorchEngineSettings() {}

    /**
     * Never let DJL download anything at run time; {@code threads} intra-op threads and one
     * inter-op thread unless the JVM was started with its own values.
     */
    static synchronized void apply(int threads) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }
}
