package dev.courier.mail.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A TCP proxy on loopback that passes lines between a client and a clear-text server, flipping one bit in every
 * line a predicate picks (per direction), to prove what each side does with a bad checksum.
 */
final class CorruptingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final Predicate<String> corruptRequest;
    private final Predicate<String> corruptReply;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /** A proxy to {@code localhost:target}; the predicates see each line as text, LF removed. */
    CorruptingProxy(int target, Predicate<String> corruptRequest, Predicate<String> corruptReply) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.target = target;
        this.corruptRequest = corruptRequest;
        this.corruptReply = corruptReply;
        this.acceptor = new Thread(this::accept, "corrupting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, corruptRequest, "up");
                pump(server, client, corruptReply, "down");
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(Socket from, Socket to, Predicate<String> corrupt, String name) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) != -1) {
                    if (c != '\n') {
                        line.write(c);
                        continue;
                    }
                    byte[] b = line.toByteArray();
                    line.reset();
                    if (b.length > 1 && corrupt.test(new String(b, StandardCharsets.UTF_8))) {
                        b[1] ^= 0x01;
                    }
                    out.write(b);
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "corrupting-proxy-" + name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
