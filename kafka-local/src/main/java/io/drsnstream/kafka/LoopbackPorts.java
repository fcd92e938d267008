package io.drsnstream.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Port checks on {@code 127.0.0.1}, the only address the local broker, the demo and the tests
 * bind. A taken port is checked before something binds it, so that a second demo (or a leftover
 * process) is a clear message instead of a bind exception deep inside Kafka or Flink.
 *
 * <p>A free answer holds only for the moment of the check: another process may take the port
 * before it is bound.
 */
public final class LoopbackPorts {

    /** The loopback address everything here binds to. */
    public static final String HOST = "127.0.0.1";

    private LoopbackPorts() {}

    /** True when nothing listens on 127.0.0.1:{@code port}. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = bind(port)) {
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
            throw new IllegalStateException(
                    "Port "
                            + HOST
                            + ":"
                            + port
                            + " ("
                            + purpose
                            + ") is already in use: stop the process that holds it or choose another port");
        }
    }

    /** A port that was free a moment ago, chosen by the operating system. */
    public static int findFree() {
        return findFree(1)[0];
    }

    /**
     * {@code count} distinct ports that were free a moment ago. All are held open while picking,
     * so the operating system cannot hand out one port twice.
     */
    public static int[] findFree(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = bind(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new IllegalStateException("No free port on " + HOST + ": " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            // As a server binds: a port in TIME_WAIT after a close counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(loopback(), port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByName(HOST); // a literal: no name lookup
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing was bound, or it is closed already
            }
        }
    }
}
