package dev.courier.conformance.transfer;

import static dev.courier.conformance.Bytes.ascii;
import static dev.courier.conformance.Bytes.concat;

import dev.courier.conformance.Case;
import dev.courier.conformance.Target;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Every rule of the transfer protocol (docs/transfer-protocol.md) that a sender can observe, as a case: the kit is
 * the sender, the server under test the receiver. Each case's section is the heading of the page it comes from.
 * Files the cases deliver cannot be deleted from here: their names start with {@code conformance-} and are unique.
 */
public final class TransferCases {
    /** The page's default NACK limit per message. */
    public static final int DEFAULT_MAX_NACKS = 10;
    /** The prefix of every file name a case delivers. */
    public static final String FILE_PREFIX = "conformance-";

    static final String TRANSPORT = "Transport";
    static final String FIRST = "The first frame of a message";
    static final String LATER = "Every later frame";
    static final String REPLIES = "Replies";
    static final String CHUNKS = "How large the chunks are";
    static final String NACKS = "NACKs and how they are counted";
    static final String TRAILER = "The trailer";
    static final String REFUSALS = "Refusals";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String BAD_NAME = "bad file name: ";

    private final int maxNacks;

    private TransferCases(int maxNacks) {
        this.maxNacks = maxNacks;
    }

    /** The cases for a receiver with the page's NACK limit. */
    public static List<Case> all() {
        return all(DEFAULT_MAX_NACKS);
    }

    /** The cases, in the order of the page's sections, for a receiver that answers {@code maxNacks} NACKs. */
    public static List<Case> all(int maxNacks) {
        TransferCases k = new TransferCases(maxNacks);
        List<Case> c = new ArrayList<>();
        c.add(Case.of("transfer.transport.several-messages-on-one-connection", TRANSPORT, k::severalMessages));
        c.add(Case.of("transfer.first-frame.a-short-body-is-one-frame-answered-ack", FIRST, k::shortBody));
        c.add(Case.of("transfer.first-frame.an-empty-body-is-the-header-alone", FIRST, k::emptyBody));
        c.add(Case.of("transfer.first-frame.a-body-of-1998-bytes-is-one-frame", FIRST, k::fullFirstChunk));
        c.add(Case.of("transfer.first-frame.bytes-may-arrive-one-by-one", FIRST, k::byteByByte));
        c.add(Case.of("transfer.first-frame.cr-lf-missing-is-err-bad-header", FIRST, k::badHeader));
        c.add(Case.of("transfer.first-frame.a-size-with-its-top-bit-set-is-err-bad-header", FIRST, k::topBit));
        c.add(Case.of("transfer.later-frame.cr-lf-missing-is-err-bad-frame", LATER, k::badLaterFrame));
        c.add(Case.of("transfer.replies.a-full-first-frame-is-answered-ack-n", REPLIES, k::ackN));
        c.add(Case.of("transfer.replies.ack-n-never-asks-past-the-body", REPLIES, k::ackOne));
        c.add(Case.of("transfer.chunks.ack-n-asks-at-most-what-is-left", CHUNKS, k::chunkSizes));
        c.add(Case.of("transfer.nacks.a-bad-crc-in-the-first-frame-is-nack1-and-the-frame-resent-is-taken", NACKS,
                k::nack1First));
        c.add(Case.of("transfer.nacks.a-bad-crc-in-a-later-frame-is-nack1-and-the-frame-resent-is-taken", NACKS,
                k::nack1Later));
        c.add(Case.of("transfer.nacks.a-bad-sha256-is-nack2-and-a-restart-is-taken", NACKS, k::nack2));
        c.add(Case.of("transfer.nacks.past-the-limit-is-err-too-many-nacks", NACKS, k::nackLimit));
        c.add(Case.of("transfer.nacks.nack1-and-nack2-count-together", NACKS, k::nacksTogether));
        c.add(Case.of("transfer.nacks.the-count-starts-afresh-with-each-message", NACKS, k::nacksPerMessage));
        c.add(Case.of("transfer.trailer.json-is-delivered", TRAILER, k::json));
        c.add(Case.of("transfer.trailer.a-file-is-delivered", TRAILER, k::file));
        c.add(Case.of("transfer.trailer.a-percent-encoded-name-is-decoded", TRAILER, k::percentName));
        c.add(Case.of("transfer.trailer.text-that-is-not-utf8-is-err", TRAILER, k::textNotUtf8));
        c.add(Case.of("transfer.trailer.json-that-does-not-parse-is-err", TRAILER, k::badJson));
        refused(c, k, "an-unknown-trailer", ascii("text\r\n"), "bad trailer: not TEXT, JSON or FILE name");
        refused(c, k, "file-without-its-space", ascii("FILE\r\n"), "bad trailer: not TEXT, JSON or FILE name");
        refused(c, k, "lf-without-cr", ascii("TEXT\n"), "bad trailer: not ended by CR LF");
        refused(c, k, "a-raw-byte-outside-0x20-0x7e", concat(ascii("FILE " + FILE_PREFIX + "caf"),
                new byte[] {(byte) 0xC3, (byte) 0xA9}, ascii("\r\n")), "bad trailer: bytes outside 0x20-0x7E must be %XX");
        refused(c, k, "a-trailer-over-2038-bytes", ascii("FILE " + "x".repeat(TransferWire.MAX_TRAILER_BYTES - 5)),
                "trailer longer than 2038 bytes");
        refused(c, k, "an-empty-name", ascii("FILE \r\n"), BAD_NAME + "empty file name");
        refused(c, k, "a-name-that-is-dot-dot", ascii("FILE ..\r\n"), BAD_NAME + "file name holds '..' or is '.'");
        refused(c, k, "a-name-holding-dot-dot", ascii("FILE " + FILE_PREFIX + "a..b\r\n"),
                BAD_NAME + "file name holds '..' or is '.'");
        refused(c, k, "a-name-holding-a-slash", ascii("FILE " + FILE_PREFIX + "a/b\r\n"),
                BAD_NAME + "file name holds a path separator");
        refused(c, k, "a-name-holding-an-escaped-slash", ascii("FILE " + FILE_PREFIX + "a%2Fb\r\n"),
                BAD_NAME + "file name holds a path separator");
        refused(c, k, "a-name-holding-a-backslash", ascii("FILE " + FILE_PREFIX + "a\\b\r\n"),
                BAD_NAME + "file name holds a path separator");
        refused(c, k, "a-name-holding-a-control-character", ascii("FILE " + FILE_PREFIX + "a%01b\r\n"),
                BAD_NAME + "file name holds a control character");
        refused(c, k, "a-name-in-the-temporary-file-pattern", ascii("FILE .courier-0123abcd.part\r\n"),
                BAD_NAME + "file name is in the receiver's temporary-file pattern (.courier-*.part)");
        refused(c, k, "a-name-that-is-not-utf8", ascii("FILE " + FILE_PREFIX + "%C3\r\n"),
                BAD_NAME + "broken %XX or not UTF-8");
        refused(c, k, "a-broken-escape", ascii("FILE " + FILE_PREFIX + "%G1\r\n"), BAD_NAME + "broken %XX or not UTF-8");
        c.add(Case.of("transfer.refusals.a-size-over-the-limit-is-err-too-large", REFUSALS, k::tooLarge));
        return c;
    }

    /** The names of every case, in order. */
    public static List<String> names() {
        return all().stream().map(Case::name).toList();
    }

    private static void refused(List<Case> c, TransferCases k, String rule, byte[] trailer, String reason) {
        c.add(Case.of("transfer.trailer." + rule + "-is-err", TRAILER, t -> k.refusedTrailer(t, trailer, reason)));
    }

    private static TransferPeer open(Target t) throws IOException {
        return new TransferPeer(t.open());
    }

    /** {@code n} bytes of printable ASCII text, the same every time. */
    static byte[] text(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** A file name no other run uses: {@code conformance-<hex><suffix>}. */
    static String uniqueName(String suffix) {
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        return FILE_PREFIX + HexFormat.of().formatHex(r) + suffix;
    }

    private static int badCrc(byte[] chunk) {
        return ~TransferWire.crc(chunk, 0, chunk.length);
    }

    /** The first frame of {@code body} with its CRC-32 wrong. */
    private static byte[] firstWithBadCrc(byte[] body) {
        byte[] chunk = TransferWire.slice(body, 0, Math.min(body.length, TransferWire.FIRST_CHUNK_BYTES));
        return TransferWire.first(body.length, TransferWire.sha256(body), badCrc(chunk), chunk);
    }

    /** The first frame of {@code body} with its CRC-32 right and its SHA-256 wrong. */
    private static byte[] firstWithBadSha(byte[] body) {
        byte[] chunk = TransferWire.slice(body, 0, Math.min(body.length, TransferWire.FIRST_CHUNK_BYTES));
        byte[] sha = TransferWire.sha256(body);
        sha[0] ^= 1;
        return TransferWire.first(body.length, sha, TransferWire.crc(chunk, 0, chunk.length), chunk);
    }

    private void severalMessages(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.deliver(ascii("first of three"), "TEXT");
            p.deliver(ascii("{\"second\":2}"), "JSON");
            p.deliver(text(3000), "TEXT");
        }
    }

    private void shortBody(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            // The page's worked example, as a text.
            p.send(TransferWire.first(ascii("hello\n"))).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void emptyBody(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            // The 50-byte header alone, with the CRC-32 of nothing (0).
            p.send(TransferWire.first(new byte[0])).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void fullFirstChunk(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.send(TransferWire.first(text(TransferWire.FIRST_CHUNK_BYTES))).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void byteByByte(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.sendByteByByte(TransferWire.first(text(100))).expect("ACK");
            p.sendByteByByte(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void badHeader(Target t) throws IOException {
        byte[] frame = TransferWire.first(new byte[0]);
        // The second CR LF, after the SHA-256, replaced.
        frame[42] = 'X';
        frame[43] = 'X';
        try (TransferPeer p = open(t)) {
            p.send(frame).expectErr("bad header: CR LF missing after size, SHA-256 or CRC-32");
        }
    }

    private void topBit(Target t) throws IOException {
        byte[] chunk = text(TransferWire.FIRST_CHUNK_BYTES);
        byte[] frame = TransferWire.first(Long.MIN_VALUE, new byte[32], TransferWire.crc(chunk, 0, chunk.length),
                chunk);
        try (TransferPeer p = open(t)) {
            p.send(frame).expectErr("bad header: size beyond 2^63-1");
        }
    }

    private void badLaterFrame(Target t) throws IOException {
        byte[] body = text(3000);
        try (TransferPeer p = open(t)) {
            p.send(TransferWire.first(body)).expect("ACK 1002");
            byte[] frame = TransferWire.next(TransferWire.slice(body, 1998, 1002));
            frame[4] = 'X';
            frame[5] = 'X';
            p.send(frame).expectErr("bad frame: CR LF missing after CRC-32");
        }
    }

    private void ackN(Target t) throws IOException {
        byte[] body = text(3000);
        try (TransferPeer p = open(t)) {
            p.send(TransferWire.first(body)).expect("ACK 1002");
            p.send(TransferWire.next(TransferWire.slice(body, 1998, 1002))).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void ackOne(Target t) throws IOException {
        byte[] body = text(1999);
        try (TransferPeer p = open(t)) {
            p.send(TransferWire.first(body)).expect("ACK 1");
            p.send(TransferWire.next(TransferWire.slice(body, 1998, 1))).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    /**
     * The spec lets a receiver choose every chunk size (Courier's doubles; a receiver asking 2048 bytes each time is
     * as right): only {@code 1 <= n <= what is left} is a rule, which {@code deliver} checks at every {@code ACK n}.
     */
    private void chunkSizes(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.deliver(text(1998 + 3996 + 7992 + 10), "TEXT");
        }
    }

    private void nack1First(Target t) throws IOException {
        byte[] body = text(100);
        try (TransferPeer p = open(t)) {
            p.send(firstWithBadCrc(body)).expect("NACK1");
            p.send(TransferWire.first(body)).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void nack1Later(Target t) throws IOException {
        byte[] body = text(3000);
        byte[] chunk = TransferWire.slice(body, 1998, 1002);
        try (TransferPeer p = open(t)) {
            p.send(TransferWire.first(body)).expect("ACK 1002");
            p.send(TransferWire.next(badCrc(chunk), chunk)).expect("NACK1");
            p.send(TransferWire.next(chunk)).expect("ACK");
            p.send(TransferWire.line("TEXT")).expect("ACK");
        }
    }

    private void nack2(Target t) throws IOException {
        byte[] body = text(3000);
        try (TransferPeer p = open(t)) {
            p.send(firstWithBadSha(body)).expect("ACK 1002");
            p.send(TransferWire.next(TransferWire.slice(body, 1998, 1002))).expect("NACK2");
            p.deliver(body, "TEXT");
        }
    }

    private void nackLimit(Target t) throws IOException {
        byte[] body = text(100);
        try (TransferPeer p = open(t)) {
            for (int i = 0; i < maxNacks; i++) {
                p.send(firstWithBadCrc(body)).expect("NACK1");
            }
            p.send(firstWithBadCrc(body)).expectErr("too many NACKs: " + maxNacks + " for one message");
        }
    }

    private void nacksTogether(Target t) throws IOException {
        byte[] body = text(100);
        int ones = maxNacks / 2;
        try (TransferPeer p = open(t)) {
            for (int i = 0; i < ones; i++) {
                p.send(firstWithBadCrc(body)).expect("NACK1");
            }
            for (int i = ones; i < maxNacks; i++) {
                p.send(firstWithBadSha(body)).expect("NACK2");
            }
            p.send(firstWithBadSha(body)).expectErr("too many NACKs: " + maxNacks + " for one message");
        }
    }

    private void nacksPerMessage(Target t) throws IOException {
        byte[] body = text(100);
        try (TransferPeer p = open(t)) {
            for (int message = 0; message < 2; message++) {
                for (int i = 0; i < maxNacks; i++) {
                    p.send(firstWithBadCrc(body)).expect("NACK1");
                }
                p.deliver(body, "TEXT");
            }
        }
    }

    private void json(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.deliver(ascii("{\"kit\": \"conformance\", \"n\": [1, 2.5, null, true]}"), "JSON");
        }
    }

    private void file(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.deliver(TransferWire.body(3000), "FILE " + uniqueName(".bin"));
        }
    }

    private void percentName(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.deliver(ascii("na\u00efve"), "FILE " + TransferWire.percentEncode(uniqueName("-na\u00efve 100%.txt")));
        }
    }

    private void textNotUtf8(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.sendBody(new byte[] {'a', (byte) 0xC3, '(', 'b'});
            p.send(TransferWire.line("TEXT")).expectErr("not UTF-8 text");
        }
    }

    private void badJson(Target t) throws IOException {
        try (TransferPeer p = open(t)) {
            p.sendBody(ascii("{\"a\": "));
            p.send(TransferWire.line("JSON")).expectErrStartingWith("not a JSON document: ");
        }
    }

    private void refusedTrailer(Target t, byte[] trailer, String reason) throws IOException {
        try (TransferPeer p = open(t)) {
            p.sendBody(ascii("conformance kit"));
            p.send(trailer).expectErr(reason);
        }
    }

    private void tooLarge(Target t) throws IOException {
        byte[] chunk = text(TransferWire.FIRST_CHUNK_BYTES);
        byte[] frame = TransferWire.first(Long.MAX_VALUE, new byte[32], TransferWire.crc(chunk, 0, chunk.length),
                chunk);
        try (TransferPeer p = open(t)) {
            p.send(frame).expectErrStartingWith("too large: ");
        }
    }
}
