package dev.courier.kv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

/** Bytes for tests: text as raw bytes (Latin-1, so any byte value can be written), repeats, hashes, CRCs. */
public final class Wire {
    private Wire() {
    }

    /** The bytes of {@code s}, one per character (Latin-1). */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Text of raw bytes, one character per byte. */
    public static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** {@code n} copies of {@code c}. */
    public static String repeat(char c, int n) {
        char[] a = new char[n];
        Arrays.fill(a, c);
        return new String(a);
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A 32-byte hash of one repeated byte: cheap stand-ins for PBKDF2 output, which the server never checks. */
    public static byte[] hash(int fill) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) fill);
        return h;
    }

    /** A 32-byte hash full of line feeds and things that look like commands, to prove it is read raw. */
    public static byte[] trickyHash() {
        byte[] h = bytes("\nGET k\nDISCONNECT\n\u0000\u00ff\r\nPUT a\n\nGE\n");
        if (h.length != 32) {
            throw new AssertionError("tricky hash must be 32 bytes, is " + h.length);
        }
        return h;
    }

    /** CRC-32 of the bytes of {@code value}, as the server writes it. */
    public static String crc(String value) {
        CRC32 c = new CRC32();
        c.update(bytes(value));
        return Long.toString(c.getValue());
    }
}
