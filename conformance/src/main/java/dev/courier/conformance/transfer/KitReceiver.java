package dev.courier.conformance.transfer;

import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.Peer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** The kit's listening socket in receiver mode: the sender under test connects to it, once per case. */
public final class KitReceiver implements AutoCloseable {
    private final ServerSocket server;

    private KitReceiver(ServerSocket server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (port 0: any free one); plain TCP, the protocol's default. */
    public static KitReceiver listen(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 10);
            return new KitReceiver(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The next sender's connection, waiting at most {@code wait}; its reads wait at most {@code timeout}. */
    Peer accept(Duration wait, Duration timeout) throws IOException {
        server.setSoTimeout((int) Math.max(1, wait.toMillis()));
        Socket s;
        try {
            s = server.accept();
        } catch (SocketTimeoutException e) {
            throw new CaseFailure("no sender connected within " + wait.toMillis() + " ms", null,
                    "a connection from the sender", "(none)");
        }
        s.setTcpNoDelay(true);
        return Peer.over(s, timeout);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
