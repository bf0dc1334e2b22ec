package dev.courier.conformance.mail;

import dev.courier.conformance.Bytes;
import dev.courier.conformance.Peer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The mail protocol's lines over a connection (docs/mail-protocol.md): {@code payload#sha1 LF}, both ways. */
final class MailPeer implements AutoCloseable {
    private final Peer peer;

    MailPeer(Peer peer) {
        this.peer = peer;
    }

    static String sha1(String payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The line for {@code payload}, checksum and LF added. */
    static byte[] line(String payload) {
        return (payload + "#" + sha1(payload) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends {@code payload} as a checked line. */
    MailPeer request(String payload) throws IOException {
        peer.send(line(payload));
        return this;
    }

    /** Sends raw bytes (a line with a wrong checksum, say). */
    MailPeer raw(byte[] bytes) throws IOException {
        peer.send(bytes);
        return this;
    }

    /** Reads one reply line, checks its checksum, and returns its payload. */
    String reply(String expected) throws IOException {
        byte[] got = peer.readLine(expected, 1 << 17);
        String s = new String(got, StandardCharsets.UTF_8);
        String body = s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.substring(0, s.length() - 1);
        int hash = body.lastIndexOf('#');
        if (hash < 0 || !body.substring(hash + 1).equalsIgnoreCase(sha1(body.substring(0, hash)))) {
            throw peer.fail("a reply whose checksum is missing or wrong", expected + " with its SHA-1",
                    Bytes.show(got));
        }
        return body.substring(0, hash);
    }

    /** Reads one reply and checks its payload is exactly {@code payload}. */
    MailPeer expect(String payload) throws IOException {
        String got = reply(show(payload));
        if (!got.equals(payload)) {
            throw peer.fail("a different answer", show(payload), show(got));
        }
        return this;
    }

    /** Reads one reply and checks its payload starts with {@code prefix}; returns the payload. */
    String expectPrefix(String prefix) throws IOException {
        String got = reply(show(prefix) + "...");
        if (!got.startsWith(prefix)) {
            throw peer.fail("a different answer", show(prefix) + "...", show(got));
        }
        return got;
    }

    /** Checks the server closes the connection without another line. */
    void expectClosed() throws IOException {
        peer.expectClosedWithoutAnswer();
    }

    dev.courier.conformance.CaseFailure fail(String why, String expected, String received) {
        return peer.fail(why, expected, received);
    }

    private static String show(String payload) {
        return Bytes.show(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        peer.close();
    }
}
