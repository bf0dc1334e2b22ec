package dev.courier.conformance.kv;

import dev.courier.conformance.FakeAccept;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;

/**
 * A small server of the KV protocol's RSA edition over plain TCP, written for the kit's tests from
 * docs/kv-rsa-edition.md (a thread per connection, a 512-bit key), that can be told to break one rule.
 */
final class FakeKvRsaServer implements AutoCloseable {
    /** The rules a variant breaks. */
    enum Bug {
        /** None: follows the page. */
        NONE,
        /** Answers without the LF that ends every message. */
        NO_LF,
        /** After a violation, drops the connection but keeps the session (its id stays taken). */
        KEEPS_SESSION_AFTER_VIOLATION
    }

    /** A violation: the connection is dropped without an answer. */
    private static final class Violation extends Exception {
        private static final long serialVersionUID = 1L;

        Violation() {
            super(null, null, false, false);
        }
    }

    private final Bug bug;
    private final KeyPair keys;
    private final ServerSocket server;
    private final Map<String, Map<String, String>> sessions = new ConcurrentHashMap<>();

    FakeKvRsaServer(Bug bug) throws Exception {
        this.bug = bug;
        this.keys = RsaPeer.keys(512);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeAccept.serve(server, "fake-kv-rsa", this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** One connection: keys, then messages; its session ends with it (kept only by the bug, after a violation). */
    private void serve(Socket s) {
        String id = null;
        boolean violated = false;
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            RSAPublicKey client = readKey(in);
            out.write(RsaPeer.pem((RSAPublicKey) keys.getPublic()));
            out.flush();
            Deque<String> messages = new ArrayDeque<>();
            StringBuilder text = new StringBuilder();
            Map<String, String> data = null;
            while (true) {
                String m = next(in, messages, text);
                if (m == null) {
                    return;
                }
                if (data == null) {
                    if (!m.startsWith("CONNECT ") || m.length() == 8) {
                        throw new Violation();
                    }
                    String wanted = m.substring(8);
                    if (sessions.putIfAbsent(wanted, new HashMap<>()) != null) {
                        reply(out, client, "CONNECT: ERROR");
                        return;
                    }
                    id = wanted;
                    data = sessions.get(id);
                    reply(out, client, "CONNECT: OK");
                } else if (m.startsWith("PUT ")) {
                    String v = next(in, messages, text);
                    if (v == null) {
                        return;
                    }
                    data.put(m.substring(4), v);
                    reply(out, client, "PUT: OK");
                } else if (m.startsWith("GET ")) {
                    String v = data.get(m.substring(4));
                    reply(out, client, v == null ? "GET: ERROR" : v);
                } else if (m.startsWith("DELETE ")) {
                    data.remove(m.substring(7));
                    reply(out, client, "DELETE: OK");
                } else if (m.equals("DISCONNECT")) {
                    reply(out, client, "DISCONNECT: OK");
                    return;
                } else {
                    throw new Violation();
                }
            }
        } catch (Violation | IOException | GeneralSecurityException | RuntimeException e) {
            violated = true;
        } finally {
            if (id != null && !(violated && bug == Bug.KEEPS_SESSION_AFTER_VIOLATION)) {
                sessions.remove(id);
            }
        }
    }

    private static RSAPublicKey readKey(InputStream in) throws IOException, GeneralSecurityException, Violation {
        StringBuilder pem = new StringBuilder();
        while (!pem.toString().endsWith("-----END RSA PUBLIC KEY-----\n")) {
            int c = in.read();
            if (c < 0 || pem.length() > 16 * 1024) {
                throw new Violation();
            }
            pem.append((char) c);
        }
        String b64 = pem.toString().replace("-----BEGIN RSA PUBLIC KEY-----", "")
                .replace("-----END RSA PUBLIC KEY-----", "").replaceAll("\\s", "");
        ASN1Sequence seq;
        try {
            seq = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(Base64.getDecoder().decode(b64)));
        } catch (IllegalArgumentException e) {
            throw new Violation();
        }
        BigInteger n = ASN1Integer.getInstance(seq.getObjectAt(0)).getValue();
        BigInteger e = ASN1Integer.getInstance(seq.getObjectAt(1)).getValue();
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    /** The next message: blocks decrypted and cut at LF, with the short-block rule; null at the end. */
    private String next(InputStream in, Deque<String> messages, StringBuilder text) throws IOException,
            GeneralSecurityException {
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        while (messages.isEmpty()) {
            byte[] block = in.readNBytes(64);
            if (block.length == 0) {
                return null;
            }
            if (block.length < 64) {
                throw new IOException("a partial block");
            }
            c.init(Cipher.DECRYPT_MODE, keys.getPrivate());
            byte[] plain = c.doFinal(block);
            String s = new String(plain, StandardCharsets.ISO_8859_1);
            if (plain.length < 53 && s.indexOf('\n') < 0) {
                s += "\n";
            }
            text.append(s);
            for (int lf = text.indexOf("\n"); lf >= 0; lf = text.indexOf("\n")) {
                messages.add(text.substring(0, lf));
                text.delete(0, lf + 1);
            }
        }
        return messages.poll();
    }

    private void reply(OutputStream out, RSAPublicKey client, String message) throws IOException,
            GeneralSecurityException {
        byte[] t = (bug == Bug.NO_LF ? message : message + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int piece = (client.getModulus().bitLength() + 7) / 8 - 11;
        Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        for (int i = 0; i < t.length; i += piece) {
            c.init(Cipher.ENCRYPT_MODE, client);
            out.write(c.doFinal(t, i, Math.min(piece, t.length - i)));
        }
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
