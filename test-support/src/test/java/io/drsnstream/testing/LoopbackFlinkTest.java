package io.drsnstream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoopbackFlinkTest {

    @RegisterExtension static final MiniClusterExtension FLINK = LoopbackFlink.miniCluster(1, 2);

    @Test
    void everyEndpointBindsToAndIsReachedAtLoopback() {
        var configuration = LoopbackFlink.configuration();

        assertThat(configuration.get(JobManagerOptions.ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(configuration.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(configuration.get(TaskManagerOptions.HOST)).isEqualTo("127.0.0.1");
        assertThat(configuration.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(configuration.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(configuration.get(RestOptions.ADDRESS)).isEqualTo("127.0.0.1");
    }

    @Test
    void theMiniClusterServesRestOnLoopbackWithTheSlotsAskedFor(
            @InjectClusterClient ClusterClient<?> client) {
        assertThat(URI.create(client.getWebInterfaceURL()).getHost()).isEqualTo("127.0.0.1");
        assertThat(FLINK.getNumberSlots()).isEqualTo(2);
    }
}
