package dev.courier.conformance.transfer;

import dev.courier.conformance.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The transfer protocol's bytes (docs/transfer-protocol.md), written for the kit on their own and not taken from
 * Courier's codec, so that a mistake there cannot hide itself here: frames, replies, trailers and the name rules.
 */
public final class TransferWire {
    /** The first frame's header: size, CR LF, SHA-256, CR LF, CRC-32, CR LF. */
    public static final int FIRST_HEADER_BYTES = 50;
    /** A later frame's header: CRC-32, CR LF. */
    public static final int CHUNK_HEADER_BYTES = 6;
    /** The largest first chunk: a full first frame is 2048 bytes. */
    public static final int FIRST_CHUNK_BYTES = 1998;
    /** The longest trailer line, CR LF included. */
    public static final int MAX_TRAILER_BYTES = 2038;
    /** The longest reply line the kit reads (the sender library's bound). */
    public static final int MAX_REPLY_BYTES = 512;

    private TransferWire() {
    }

    /** The SHA-256 of {@code b}. */
    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CRC-32 (zlib's) of {@code len} bytes of {@code b} from {@code off}. */
    public static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** The first frame as the fields say, right or wrong: size, sha, crc, then {@code chunk}. */
    public static byte[] first(long size, byte[] sha, int crc, byte[] chunk) {
        ByteBuffer b = ByteBuffer.allocate(FIRST_HEADER_BYTES + chunk.length);
        b.putLong(size).put(crlf()).put(sha).put(crlf()).putInt(crc).put(crlf()).put(chunk);
        return b.array();
    }

    /** The correct first frame of {@code body}. */
    public static byte[] first(byte[] body) {
        byte[] chunk = slice(body, 0, Math.min(body.length, FIRST_CHUNK_BYTES));
        return first(body.length, sha256(body), crc(chunk, 0, chunk.length), chunk);
    }

    /** A later frame: {@code crc}, CR LF, {@code chunk}. */
    public static byte[] next(int crc, byte[] chunk) {
        return ByteBuffer.allocate(CHUNK_HEADER_BYTES + chunk.length).putInt(crc).put(crlf()).put(chunk).array();
    }

    /** The correct later frame carrying {@code chunk}. */
    public static byte[] next(byte[] chunk) {
        return next(crc(chunk, 0, chunk.length), chunk);
    }

    /** {@code n} bytes of {@code b} from {@code from}. */
    public static byte[] slice(byte[] b, int from, int n) {
        byte[] s = new byte[n];
        System.arraycopy(b, from, s, 0, n);
        return s;
    }

    /** A body of {@code n} bytes that is not text (every byte value occurs), the same every time. */
    public static byte[] body(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + i / 251);
        }
        return b;
    }

    /** {@code s} and CR LF, as ASCII. */
    public static byte[] line(String s) {
        return Bytes.ascii(s + "\r\n");
    }

    private static byte[] crlf() {
        return new byte[] {'\r', '\n'};
    }

    /**
     * Decodes every {@code %XX} of a trailer's name and then its UTF-8; empty when an escape is broken or the bytes
     * are not UTF-8.
     */
    public static Optional<String> percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo < 0) {
                return Optional.empty();
            }
            out.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(out.toByteArray()))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** {@code %} and every UTF-8 byte of {@code name} outside 0x20-0x7E as {@code %XX}, upper-case hex. */
    public static String percentEncode(String name) {
        StringBuilder b = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xFF;
            if (c == '%' || c < 0x20 || c > 0x7E) {
                b.append(String.format("%%%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /** Why a decoded file name breaks the page's name rules, or empty when it keeps them. */
    public static Optional<String> nameProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("an empty name");
        }
        if (name.equals(".") || name.contains("..")) {
            return Optional.of("'.' or '..' in the name");
        }
        for (char c : name.toCharArray()) {
            if (c == '/' || c == '\\') {
                return Optional.of("a path separator in the name (only a base name may travel)");
            }
            if (c < 0x20 || c == 0x7F) {
                return Optional.of("a control character in the name");
            }
        }
        if (name.startsWith(".courier-") && name.endsWith(".part")) {
            return Optional.of("a name in the receiver's temporary-file pattern (.courier-*.part)");
        }
        return Optional.empty();
    }
}
