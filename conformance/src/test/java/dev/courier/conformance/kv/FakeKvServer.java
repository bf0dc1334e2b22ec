package dev.courier.conformance.kv;

import dev.courier.conformance.FakeAccept;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

/**
 * A small KV server over plain TCP, written for the kit's tests from the protocol page, that can be told to break
 * one rule: the kit must tell each broken variant from the correct one. A thread per connection.
 */
final class FakeKvServer implements AutoCloseable {
    /** The rules a variant breaks. */
    enum Bug {
        /** Answers without the trailing LF. */
        NO_LF,
        /** Sends a CRC one off. */
        WRONG_CRC,
        /** After a violation, keeps the session (detached) instead of erasing it. */
        KEEPS_SESSION_AFTER_VIOLATION,
        /** Answers an unknown verb with an error line and goes on, instead of dropping the connection. */
        ANSWERS_A_VIOLATION,
        /** Stores a value longer than a GET answer can carry. */
        STORES_TOO_LONG_VALUES
    }

    private static final class Session {
        final byte[] hash;
        final Map<String, String> data = new HashMap<>();
        boolean bound;

        Session(byte[] hash) {
            this.hash = hash;
        }
    }

    private final Set<Bug> bugs;
    private final ServerSocket server;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    FakeKvServer(Bug... bugs) throws IOException {
        this.bugs = bugs.length == 0 ? EnumSet.noneOf(Bug.class) : EnumSet.copyOf(Arrays.asList(bugs));
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeAccept.serve(server, "fake-kv", this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Reads up to LF (not included); null at the end of the stream. */
    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return null;
            }
            b.write(c);
            if (b.size() > 4095) {
                throw new IOException("too long");
            }
        }
        return b.toByteArray();
    }

    private void reply(OutputStream out, String s) throws IOException {
        out.write((bugs.contains(Bug.NO_LF) ? s : s + "\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x <= 0) {
                return false;
            }
        }
        return true;
    }

    private void serve(Socket s) {
        String id = null;
        Session session = null;
        boolean violated = false;
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] first = line(in);
            if (first == null) {
                return;
            }
            String l = new String(first, StandardCharsets.ISO_8859_1);
            if (!l.startsWith("CONNECT ") || l.length() == 8 || !ascii(first)) {
                return;
            }
            byte[] hash = in.readNBytes(32);
            id = l.substring(8);
            synchronized (sessions) {
                Session existing = sessions.get(id);
                if (existing == null) {
                    session = new Session(hash);
                    sessions.put(id, session);
                } else if (!existing.bound && Arrays.equals(existing.hash, hash)) {
                    session = existing;
                } else {
                    reply(out, "CONNECT: ERROR");
                    return;
                }
                session.bound = true;
            }
            reply(out, "CONNECT: OK");
            while (true) {
                byte[] raw = line(in);
                if (raw == null) {
                    return;
                }
                String cmd = new String(raw, StandardCharsets.ISO_8859_1);
                if (cmd.startsWith("PUT ")) {
                    byte[] value = line(in);
                    if (value == null) {
                        return;
                    }
                    boolean ok = ascii(raw) && ascii(value)
                            && (value.length <= 4091 || bugs.contains(Bug.STORES_TOO_LONG_VALUES));
                    if (ok) {
                        session.data.put(cmd.substring(4), new String(value, StandardCharsets.ISO_8859_1));
                    }
                    reply(out, ok ? "PUT: OK" : "PUT: ERROR");
                } else if (cmd.startsWith("GET ") && ascii(raw)) {
                    String v = session.data.get(cmd.substring(4));
                    if (v == null) {
                        reply(out, "GET: ERROR");
                    } else {
                        CRC32 crc = new CRC32();
                        crc.update(v.getBytes(StandardCharsets.ISO_8859_1));
                        long c = crc.getValue() + (bugs.contains(Bug.WRONG_CRC) ? 1 : 0);
                        reply(out, "GET " + v + "\n" + c);
                    }
                } else if (cmd.startsWith("DELETE ") && ascii(raw)) {
                    session.data.remove(cmd.substring(7));
                    reply(out, "DELETE: OK");
                } else if (cmd.equals("DISCONNECT")) {
                    sessions.remove(id);
                    session = null;
                    reply(out, "DISCONNECT: OK");
                    return;
                } else if (bugs.contains(Bug.ANSWERS_A_VIOLATION) && cmd.startsWith("FETCH")) {
                    reply(out, "ERROR");
                } else {
                    violated = true;
                    return;
                }
            }
        } catch (IOException e) {
            violated = true;
        } finally {
            if (session != null) {
                synchronized (sessions) {
                    session.bound = false;
                    if (violated && !bugs.contains(Bug.KEEPS_SESSION_AFTER_VIOLATION)) {
                        sessions.remove(id);
                    }
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
