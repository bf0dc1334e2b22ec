package dev.courier.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback TCP relay in front of a receiver that knows nothing of the protocol: connection {@code i} is cut (both
 * sides closed) after {@code K} bytes from the sender, K taken in turn from the cut points it was given; later
 * connections pass everything. A {@code gate} may also answer a connection itself (an emulated spec-only
 * receiver): it sees the first byte and returns the bytes to answer with, or null to relay.
 */
public final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final ConcurrentLinkedQueue<Long> cuts = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger cutsMade = new AtomicInteger();
    private final Function<Integer, byte[]> gate;

    /** A relay to {@code localhost:target} cutting connection i after {@code cutAfter[i]} sender bytes. */
    public CuttingProxy(int target, long... cutAfter) throws IOException {
        this(target, first -> null, cutAfter);
    }

    /** A relay whose {@code gate} may answer a connection from its first byte instead of relaying it. */
    public CuttingProxy(int target, Function<Integer, byte[]> gate, long... cutAfter) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.gate = gate;
        for (long k : cutAfter) {
            cuts.add(k);
        }
        Thread t = new Thread(this::accept, "cutting-proxy");
        t.setDaemon(true);
        t.start();
    }

    /** The relay's port. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** Connections cut so far. */
    public int cutsMade() {
        return cutsMade.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Long cut = cuts.poll();
                Thread t = new Thread(() -> relay(client, cut == null ? Long.MAX_VALUE : cut), "cutting-proxy-relay");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relay(Socket client, long cutAfter) {
        try (client) {
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            byte[] answer = gate.apply(first);
            if (answer != null) {
                client.getOutputStream().write(answer);
                client.getOutputStream().flush();
                return;
            }
            try (Socket up = new Socket(InetAddress.getLoopbackAddress(), target)) {
                Thread back = new Thread(() -> pump(up, client, Long.MAX_VALUE), "cutting-proxy-back");
                back.setDaemon(true);
                back.start();
                OutputStream out = up.getOutputStream();
                if (cutAfter == 0) {
                    cutsMade.incrementAndGet();
                    return;
                }
                out.write(first);
                pump(client, up, cutAfter - 1);
                if (cutAfter != Long.MAX_VALUE) {
                    cutsMade.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // A closed side ends the relay.
        }
    }

    /** Copies at most {@code limit} bytes from {@code from} to {@code to}, then closes both. */
    private static void pump(Socket from, Socket to, long limit) {
        byte[] buf = new byte[16 << 10];
        long left = limit;
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
                left -= n;
            }
        } catch (IOException e) {
            // Either side closed.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing anyway.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
