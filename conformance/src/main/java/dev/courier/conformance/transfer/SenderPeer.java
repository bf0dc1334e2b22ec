package dev.courier.conformance.transfer;

import dev.courier.conformance.Bytes;
import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.Peer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The kit as a receiver on one connection from the sender under test, which was asked to send one known file:
 * every frame is read, checked byte for byte against the page (docs/transfer-protocol.md) and the file, and
 * answered as the case's script says.
 */
final class SenderPeer implements AutoCloseable {
    private final Peer peer;
    private final byte[] body;
    private final String name;

    SenderPeer(Peer peer, byte[] body, String name) {
        this.peer = peer;
        this.body = body;
        this.name = name;
    }

    /** Size of the file the sender sends. */
    int size() {
        return body.length;
    }

    /** Reads a first frame and checks every field against the file. Returns it, header and chunk. */
    byte[] first() throws IOException {
        String want = "a first frame: size " + body.length + ", CR LF, SHA-256, CR LF, CRC-32, CR LF, "
                + Math.min(body.length, TransferWire.FIRST_CHUNK_BYTES) + " bytes";
        byte[] h = peer.readExactly(TransferWire.FIRST_HEADER_BYTES, want);
        if (!crlf(h, 8) || !crlf(h, 42) || !crlf(h, 48)) {
            throw peer.fail("CR LF missing at offset 8, 42 or 48 of the first frame", want, Bytes.show(h));
        }
        ByteBuffer b = ByteBuffer.wrap(h);
        long size = b.getLong(0);
        if (size != body.length) {
            throw peer.fail("the size field is not the file's size", "size " + body.length, "size " + size
                    + " (" + Bytes.show(Arrays.copyOf(h, 8)) + ")");
        }
        if (!Arrays.equals(Arrays.copyOfRange(h, 10, 42), TransferWire.sha256(body))) {
            throw peer.fail("the SHA-256 field is not the SHA-256 of the file", hex(TransferWire.sha256(body)),
                    hex(Arrays.copyOfRange(h, 10, 42)));
        }
        int n = Math.min(body.length, TransferWire.FIRST_CHUNK_BYTES);
        byte[] chunk = peer.readExactly(n, want);
        checkChunk(chunk, 0, b.getInt(44), "the first chunk");
        return Bytes.concat(h, chunk);
    }

    /** Reads a later frame of exactly {@code n} bytes of the file from {@code offset}, and checks it. */
    byte[] next(int offset, int n) throws IOException {
        String want = "a frame of CRC-32, CR LF and the " + n + " bytes asked for (file bytes " + offset + " to "
                + (offset + n - 1) + ")";
        byte[] h = peer.readExactly(TransferWire.CHUNK_HEADER_BYTES, want);
        if (!crlf(h, 4)) {
            throw peer.fail("CR LF missing at offset 4 of a later frame", want, Bytes.show(h));
        }
        byte[] chunk = peer.readExactly(n, want);
        checkChunk(chunk, offset, ByteBuffer.wrap(h).getInt(), "the chunk");
        return Bytes.concat(h, chunk);
    }

    private void checkChunk(byte[] chunk, int offset, int crc, String what) throws IOException {
        int extra = peer.available();
        if (extra > 0) {
            throw peer.fail("more bytes than the frame holds (" + extra + " more already arrived): a chunk is exactly"
                    + " the n bytes the receiver asked for", chunk.length + " bytes of chunk", (chunk.length + extra)
                    + " bytes or more");
        }
        int right = TransferWire.crc(chunk, 0, chunk.length);
        if (crc != right) {
            throw peer.fail("the CRC-32 of " + what + " is wrong", String.format("%08x", right),
                    String.format("%08x", crc));
        }
        if (!Arrays.equals(chunk, TransferWire.slice(body, offset, chunk.length))) {
            throw peer.fail(what + " is not the file's bytes " + offset + " to " + (offset + chunk.length - 1),
                    Bytes.show(TransferWire.slice(body, offset, chunk.length), 32), Bytes.show(chunk, 32));
        }
    }

    /** Answers {@code line} (CR LF added), after checking the sender waited for it. */
    SenderPeer reply(String line) throws IOException {
        int ahead = peer.available();
        if (ahead > 0) {
            throw peer.fail("the sender sent " + ahead + " bytes before the receiver's reply (a sender waits for "
                    + "each reply)", "nothing until the reply", ahead + " bytes");
        }
        peer.send(TransferWire.line(line));
        return this;
    }

    /** Reads the trailer and checks it is {@code FILE name} for the file, well formed. */
    void trailer() throws IOException {
        String want = "FILE " + TransferWire.percentEncode(name) + "\r\n";
        byte[] got = peer.readLine(Bytes.show(Bytes.ascii(want)), TransferWire.MAX_TRAILER_BYTES);
        if (got.length < 2 || got[got.length - 2] != '\r') {
            throw peer.fail("a trailer not ended by CR LF", Bytes.show(Bytes.ascii(want)), Bytes.show(got));
        }
        for (int i = 0; i < got.length - 2; i++) {
            if (got[i] < 0x20 || got[i] > 0x7E) {
                throw peer.fail("a trailer byte outside 0x20-0x7E (such bytes travel as %XX)",
                        Bytes.show(Bytes.ascii(want)), Bytes.show(got));
            }
        }
        String line = new String(got, 0, got.length - 2, StandardCharsets.US_ASCII);
        if (!line.startsWith("FILE ")) {
            throw peer.fail("not a FILE trailer (the file was asked for)", Bytes.show(Bytes.ascii(want)),
                    Bytes.show(got));
        }
        Optional<String> decoded = TransferWire.percentDecode(line.substring(5));
        if (decoded.isEmpty()) {
            throw peer.fail("a name with a broken %XX or not UTF-8", Bytes.show(Bytes.ascii(want)), Bytes.show(got));
        }
        Optional<String> problem = TransferWire.nameProblem(decoded.get());
        if (problem.isPresent()) {
            throw peer.fail("a name the receiver must refuse: " + problem.get(), Bytes.show(Bytes.ascii(want)),
                    Bytes.show(got));
        }
        if (!decoded.get().equals(name)) {
            throw peer.fail("not the file's own name", Bytes.show(Bytes.ascii(want)), Bytes.show(got));
        }
    }

    /** Checks the sender closes the connection without sending anything more. */
    void expectClosed(String after) throws IOException {
        try {
            peer.expectClosedWithoutAnswer();
        } catch (CaseFailure f) {
            throw peer.fail("after " + after + " the sender must send nothing more and close: " + f.getMessage(),
                    "(closed)", f.received());
        }
    }

    /** A failure of this step, with what the kit last sent. */
    CaseFailure fail(String why, String expected, String received) {
        return peer.fail(why, expected, received);
    }

    private static boolean crlf(byte[] b, int at) {
        return b[at] == '\r' && b[at + 1] == '\n';
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        peer.close();
    }
}
