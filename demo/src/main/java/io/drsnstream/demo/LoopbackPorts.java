package io.drsnstream.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The demo binds only to 127.0.0.1; before it starts a broker or the Flink web UI it checks that
 * the port is free, so that a second demo (or a leftover process) is a clear message instead of
 * a bind exception deep inside Kafka or Flink.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /** True when nothing listens on 127.0.0.1:{@code port}. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * @throws IllegalStateException naming the port and its use when it is taken
     */
    public static void requireFree(int port, String purpose) {
        if (!isFree(port)) {
            throw new IllegalStateException("Port 127.0.0.1:" + port + " (" + purpose
                    + ") is already in use: stop the process that holds it or choose another port");
        }
    }

    /** A port that was free a moment ago, chosen by the operating system. */
    public static int findFree() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port: " + e.getMessage(), e);
        }
    }
}
