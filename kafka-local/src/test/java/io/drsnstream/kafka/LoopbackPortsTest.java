package io.drsnstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void takenPortIsReportedWithItsPurpose() throws Exception {
        try (ServerSocket holder =
                new ServerSocket(0, 1, InetAddress.getByName(LoopbackPorts.HOST))) {
            int port = holder.getLocalPort();
            assertThat(LoopbackPorts.isFree(port)).isFalse();
            assertThatThrownBy(() -> LoopbackPorts.requireFree(port, "Flink web UI"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("Flink web UI");
        }
    }

    @Test
    void freePortIsFree() {
        int port = LoopbackPorts.findFree();
        assertThat(LoopbackPorts.isFree(port)).isTrue();
    }

    @Test
    void portsFoundTogetherAreDistinctAndFree() {
        int[] ports = LoopbackPorts.findFree(3);
        assertThat(Arrays.stream(ports).distinct()).hasSize(3);
        assertThat(Arrays.stream(ports).filter(LoopbackPorts::isFree)).hasSize(3);
    }
}
