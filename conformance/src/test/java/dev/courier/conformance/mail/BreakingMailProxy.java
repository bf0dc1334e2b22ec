package dev.courier.conformance.mail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Courier's mail server with one rule broken, from the outside: a line relay in front of a clear-text Courier mail
 * server that changes requests or replies the way a broken server would behave. Courier itself is untouched (no
 * test switch in production code); the kit talks to the relay.
 */
final class BreakingMailProxy implements AutoCloseable {
    /** The rules a variant breaks. */
    enum Bug {
        /** Runs a request whose checksum failed (or is missing), instead of answering {@code KO}. */
        RUNS_A_REQUEST_WHOSE_CHECKSUM_FAILED,
        /** Answers without the {@code #sha1} of its replies. */
        ANSWERS_WITHOUT_CHECKSUM,
        /** Answers without the LF that ends a reply. */
        ANSWERS_WITHOUT_LF,
        /** Answers {@code logoff} with {@code OK:bye} but keeps the session. */
        KEEPS_THE_SESSION_AFTER_LOGOFF
    }

    private static final long MAX_WAIT_MILLIS = 5000;

    private final Bug bug;
    private final int serverPort;
    private final ServerSocket listener;

    BreakingMailProxy(Bug bug, int serverPort) throws IOException {
        this.bug = bug;
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "mail-proxy");
    }

    int port() {
        return listener.getLocalPort();
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket kit = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                new Relay(kit, server).start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One connection's two directions. Replies are counted so an injected reply keeps its place in the order. */
    private final class Relay {
        private final Socket kit;
        private final Socket server;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition answered = lock.newCondition();
        /** Requests forwarded whose reply has not come back yet. */
        private int outstanding;

        Relay(Socket kit, Socket server) {
            this.kit = kit;
            this.server = server;
        }

        void start() {
            daemon(this::requests, "mail-proxy-up");
            daemon(this::replies, "mail-proxy-down");
        }

        private void requests() {
            try (kit; server; InputStream in = new BufferedInputStream(kit.getInputStream()); OutputStream up = server.getOutputStream()) {
                for (byte[] line = readLine(in); line != null; line = readLine(in)) {
                    String body = strip(new String(line, StandardCharsets.UTF_8));
                    int hash = body.lastIndexOf('#');
                    String payload = hash < 0 ? body : body.substring(0, hash);
                    boolean checked = hash >= 0 && body.substring(hash + 1).equalsIgnoreCase(MailPeer.sha1(payload));
                    if (bug == Bug.KEEPS_THE_SESSION_AFTER_LOGOFF && checked && payload.matches("[0-9a-f]{32}:logoff")) {
                        awaitAnswers();
                        toKit(MailPeer.line("OK:bye"));
                        continue;
                    }
                    if (bug == Bug.RUNS_A_REQUEST_WHOSE_CHECKSUM_FAILED && !checked) {
                        line = MailPeer.line(payload);
                    }
                    lock.lock();
                    try {
                        outstanding++;
                    } finally {
                        lock.unlock();
                    }
                    up.write(line);
                    up.flush();
                }
            } catch (IOException e) {
                // Either side closed: the relay ends.
            }
        }

        private void replies() {
            try (InputStream in = new BufferedInputStream(server.getInputStream())) {
                for (byte[] line = readLine(in); line != null; line = readLine(in)) {
                    String s = new String(line, StandardCharsets.UTF_8);
                    if (bug == Bug.ANSWERS_WITHOUT_CHECKSUM) {
                        s = s.substring(0, s.lastIndexOf('#')) + "\n";
                    } else if (bug == Bug.ANSWERS_WITHOUT_LF) {
                        s = s.substring(0, s.length() - 1);
                    }
                    toKit(s.getBytes(StandardCharsets.UTF_8));
                    if (!s.startsWith("MSG:")) {
                        lock.lock();
                        try {
                            outstanding--;
                            answered.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            } catch (IOException e) {
                // The server closed.
            } finally {
                try {
                    kit.close();
                } catch (IOException e) {
                    // Closing.
                }
            }
        }

        /** Waits (bounded) until every request forwarded has its reply: an injected reply must come after them. */
        private void awaitAnswers() {
            lock.lock();
            try {
                long left = TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
                while (outstanding > 0 && left > 0) {
                    left = answered.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }

        private synchronized void toKit(byte[] b) throws IOException {
            kit.getOutputStream().write(b);
            kit.getOutputStream().flush();
        }
    }

    /** A line with its LF; null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0; c = in.read()) {
            b.write(c);
            if (c == '\n') {
                return b.toByteArray();
            }
        }
        return b.size() == 0 ? null : b.toByteArray();
    }

    private static String strip(String line) {
        String s = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
