package io.drsnstream.testing;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * A Flink MiniCluster that listens on 127.0.0.1 only. Unset, Flink's bind hosts mean every
 * interface ({@code 0.0.0.0}) and its advertised addresses come from host-name lookups: tests
 * would open ports to the network and depend on name resolution, which build machines and
 * sandboxes do not always allow. Tests stay on loopback, like their Kafka broker.
 *
 * <p>Flink is a {@code provided} dependency of this module: only tests that run Flink, and so
 * have it already, use this class.
 */
public final class LoopbackFlink {

    /** The address every endpoint binds to and advertises. */
    public static final String ADDRESS = "127.0.0.1";

    private LoopbackFlink() {}

    /** JobManager, TaskManagers and REST bound to, and reachable at, {@link #ADDRESS}. */
    public static Configuration configuration() {
        Configuration loopback = new Configuration();
        loopback.set(JobManagerOptions.ADDRESS, ADDRESS);
        loopback.set(JobManagerOptions.BIND_HOST, ADDRESS);
        loopback.set(TaskManagerOptions.HOST, ADDRESS);
        loopback.set(TaskManagerOptions.BIND_HOST, ADDRESS);
        loopback.set(RestOptions.BIND_ADDRESS, ADDRESS);
        loopback.set(RestOptions.ADDRESS, ADDRESS);
        return loopback;
    }

    /**
     * A MiniCluster per test class (register it as a static {@code @RegisterExtension} field) with
     * {@code taskManagers} TaskManagers of {@code slotsPerTaskManager} slots each, on loopback.
     */
    public static MiniClusterExtension miniCluster(int taskManagers, int slotsPerTaskManager) {
        return new MiniClusterExtension(
                new MiniClusterResourceConfiguration.Builder()
                        .setNumberTaskManagers(taskManagers)
                        .setNumberSlotsPerTaskManager(slotsPerTaskManager)
                        .setConfiguration(configuration())
                        .build());
    }
}
