package dev.courier.kv.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports, found by binding port 0 and closing: another process may take one before Redis does. */
final class FreePorts {
    /** Redis Cluster listens on its port + 10000 for the bus, so a cluster node's port must leave room for it. */
    static final int CLUSTER_BUS_OFFSET = 10000;
    private static final int ATTEMPTS = 100;

    private FreePorts() {
    }

    /** A port free at the time of the call; with {@code clusterBus}, its bus port (+10000) is free too. */
    static int find(boolean clusterBus) {
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = bindAndClose(0);
            if (!clusterBus) {
                return port;
            }
            // The kernel's ephemeral range reaches 60999; a port above 55535 has no bus port below 65536.
            if (port + CLUSTER_BUS_OFFSET <= 65535 && bindAndClose(port + CLUSTER_BUS_OFFSET) > 0) {
                return port;
            }
        }
        throw new IllegalStateException("no free port" + (clusterBus ? " with a free cluster bus port" : "")
                + " after " + ATTEMPTS + " attempts");
    }

    private static int bindAndClose(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s.getLocalPort();
        } catch (IOException e) {
            if (port == 0) {
                throw new UncheckedIOException(e);
            }
            return -1;
        }
    }
}
