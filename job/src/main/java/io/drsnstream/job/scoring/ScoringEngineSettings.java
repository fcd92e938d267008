package io.drsnstream.job.scoring;

/**
 * JVM-wide settings that DJL's PyTorch engine reads once, when it starts: they must be in place
 * before the first model loads in a TaskManager.
 */
final class ScoringEngineSettings {

    private ScoringEngineSettings() {}

    /**
     * Never let DJL download anything at run time, and use {@code threads} intra-op threads unless
     * the deployment set its own value with {@code -Dai.djl.pytorch.num_threads}.
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
