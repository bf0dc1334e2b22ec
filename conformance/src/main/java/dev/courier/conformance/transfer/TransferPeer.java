package dev.courier.conformance.transfer;

import dev.courier.conformance.Bytes;
import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.Peer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The kit as a sender on one connection to the receiver under test: frames out, reply lines in, each checked
 * against the page (docs/transfer-protocol.md, "Replies").
 */
final class TransferPeer implements AutoCloseable {
    private final Peer peer;

    TransferPeer(Peer peer) {
        this.peer = peer;
    }

    /** Sends {@code bytes} as they are. */
    TransferPeer send(byte[] bytes) throws IOException {
        peer.send(bytes);
        return this;
    }

    /** Sends {@code bytes} one byte per write. */
    TransferPeer sendByteByByte(byte[] bytes) throws IOException {
        peer.sendByteByByte(bytes);
        return this;
    }

    /** Reads one reply line, without its CR LF; fails when it does not end with CR LF. */
    String reply(String expected) throws IOException {
        byte[] got = peer.readLine(Bytes.show(Bytes.ascii(expected + "\r\n")), TransferWire.MAX_REPLY_BYTES);
        if (got.length < 2 || got[got.length - 2] != '\r') {
            throw peer.fail("a reply not ended by CR LF", Bytes.show(Bytes.ascii(expected + "\r\n")),
                    Bytes.show(got));
        }
        return new String(got, 0, got.length - 2, StandardCharsets.ISO_8859_1);
    }

    /** Reads one reply and checks it is exactly {@code line} (CR LF added). */
    TransferPeer expect(String line) throws IOException {
        String got = reply(line);
        if (!got.equals(line)) {
            throw peer.fail("a different reply", Bytes.show(TransferWire.line(line)),
                    Bytes.show(TransferWire.line(got)));
        }
        return this;
    }

    /** Reads {@code ERR reason} exactly, then checks the receiver closes the connection. */
    void expectErr(String reason) throws IOException {
        expect("ERR " + reason);
        peer.expectClosedWithoutAnswer();
    }

    /** Reads a reply starting with {@code ERR prefix}, then checks the receiver closes the connection. */
    void expectErrStartingWith(String prefix) throws IOException {
        String got = reply("ERR " + prefix + "...");
        if (!got.startsWith("ERR " + prefix)) {
            throw peer.fail("a different reply", Bytes.show(Bytes.ascii("ERR " + prefix)) + "...",
                    Bytes.show(TransferWire.line(got)));
        }
        peer.expectClosedWithoutAnswer();
    }

    /** Checks the receiver closes the connection without a reply. */
    void expectClosed() throws IOException {
        peer.expectClosedWithoutAnswer();
    }

    /**
     * Sends {@code body} as the receiver asks: the first frame, then each {@code ACK n} answered with the next n
     * bytes, until the bare {@code ACK}. Checks each n is at least 1 and at most what is left, and that the bare
     * {@code ACK} comes only once every byte was sent. Returns the n asked for, in order.
     */
    List<Integer> sendBody(byte[] body) throws IOException {
        List<Integer> asked = new ArrayList<>();
        int sent = Math.min(body.length, TransferWire.FIRST_CHUNK_BYTES);
        send(TransferWire.first(body));
        while (true) {
            int left = body.length - sent;
            String want = left == 0 ? "ACK" : "ACK n, 1 <= n <= " + left;
            String r = reply(want);
            if (r.equals("ACK")) {
                if (left != 0) {
                    throw peer.fail("a bare ACK with " + left + " bytes of the body unsent", want, show(r));
                }
                return asked;
            }
            if (!r.startsWith("ACK ") || !r.substring(4).matches("[1-9][0-9]{0,9}")) {
                throw peer.fail("not the reply a good frame gets", want, show(r));
            }
            long n = Long.parseLong(r.substring(4));
            if (n > left) {
                throw peer.fail("ACK n asks for more than is left of the body (" + left + " bytes)", want, show(r));
            }
            asked.add((int) n);
            send(TransferWire.next(TransferWire.slice(body, sent, (int) n)));
            sent += (int) n;
        }
    }

    /** Sends {@code body} and its {@code trailer} (CR LF added): both answered {@code ACK}, the message delivered. */
    List<Integer> deliver(byte[] body, String trailer) throws IOException {
        List<Integer> asked = sendBody(body);
        send(TransferWire.line(trailer)).expect("ACK");
        return asked;
    }

    /** A failure of the last step. */
    CaseFailure fail(String why, String expected, String received) {
        return peer.fail(why, expected, received);
    }

    private static String show(String reply) {
        return Bytes.show(TransferWire.line(reply));
    }

    @Override
    public void close() {
        peer.close();
    }
}
