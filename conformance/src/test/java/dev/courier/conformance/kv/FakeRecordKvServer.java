package dev.courier.conformance.kv;

import dev.courier.conformance.FakeAccept;
import dev.courier.core.tls.CertificateStore;
import dev.courier.kv.KvServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A small KV server of the record dialect, written for the kit's tests from docs/kv-record-dialect.md as the 2023
 * program is (one read per message, one write per answer, a thread per connection), that can be told to break one
 * rule of the dialect: the kit in the record dialect must tell each broken variant from the correct one.
 */
final class FakeRecordKvServer implements AutoCloseable {
    /** The rules a variant breaks. */
    enum Bug {
        /** Answers with a trailing LF, as the LF dialect does. */
        TRAILING_LF,
        /** Sends a found value and its CRC as two records, as two LF lines would be. */
        VALUE_AND_CRC_APART,
        /** Takes a PUT record without LF as a PUT of an empty value instead of dropping the connection. */
        PUT_WITHOUT_VALUE_STORES
    }

    private static final int MAX_MESSAGE = 4096;

    private static final class Session {
        final byte[] hash;
        final Map<String, String> data = new HashMap<>();
        boolean bound;

        Session(byte[] hash) {
            this.hash = hash;
        }
    }

    private final Bug bug;
    private final SSLServerSocket server;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** A server breaking {@code bug} (null: none), presenting the kv tests' certificate. */
    FakeRecordKvServer(Bug bug) throws Exception {
        this.bug = bug;
        CertificateStore certs = KvServerExtension.certificates();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("server", certs.key(), pw, certs.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        FakeAccept.serve(server, "fake-record-kv", this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** One record (one read), or null at the end of the stream. */
    private static byte[] record(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 14];
        int n = in.read(buf);
        return n < 0 ? null : Arrays.copyOf(buf, n);
    }

    private void reply(OutputStream out, String s) throws IOException {
        out.write((bug == Bug.TRAILING_LF ? s + "\n" : s).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static boolean ascii(byte[] b) {
        for (byte x : b) {
            if (x <= 0 || x == '\n') {
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
            byte[] first = record(in);
            String l = first == null ? "" : new String(first, StandardCharsets.ISO_8859_1);
            if (!l.startsWith("CONNECT ") || l.length() == 8 || !ascii(first)) {
                return;
            }
            byte[] hash = record(in);
            if (hash == null || hash.length != 32) {
                return;
            }
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
                byte[] raw = record(in);
                if (raw == null) {
                    return;
                }
                String cmd = new String(raw, StandardCharsets.ISO_8859_1);
                int lf = cmd.indexOf('\n');
                String line = lf < 0 ? cmd : cmd.substring(0, lf);
                if (line.length() + 1 > MAX_MESSAGE) {
                    violated = true;
                    return;
                }
                if (cmd.startsWith("PUT ") && (lf >= 0 || bug == Bug.PUT_WITHOUT_VALUE_STORES)) {
                    String value = lf < 0 ? "" : cmd.substring(lf + 1);
                    byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
                    boolean ok = ascii(line.getBytes(StandardCharsets.ISO_8859_1)) && ascii(v)
                            && v.length <= MAX_MESSAGE - 5;
                    if (ok) {
                        session.data.put(line.substring(4), value);
                    }
                    reply(out, ok ? "PUT: OK" : "PUT: ERROR");
                } else if (lf >= 0 || !ascii(raw)) {
                    violated = true;
                    return;
                } else if (cmd.startsWith("GET ")) {
                    String v = session.data.get(cmd.substring(4));
                    if (v == null) {
                        reply(out, "GET: ERROR");
                    } else {
                        CRC32 crc = new CRC32();
                        crc.update(v.getBytes(StandardCharsets.ISO_8859_1));
                        if (bug == Bug.VALUE_AND_CRC_APART) {
                            reply(out, "GET " + v);
                            reply(out, Long.toString(crc.getValue()));
                        } else {
                            reply(out, "GET " + v + "\n" + crc.getValue());
                        }
                    }
                } else if (cmd.startsWith("DELETE ")) {
                    session.data.remove(cmd.substring(7));
                    reply(out, "DELETE: OK");
                } else if (cmd.equals("DISCONNECT")) {
                    sessions.remove(id);
                    session = null;
                    reply(out, "DISCONNECT: OK");
                    return;
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
                    if (violated) {
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
