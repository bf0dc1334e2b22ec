package dev.courier.conformance;

import java.nio.charset.StandardCharsets;

/** Bytes shown to a person: printable ASCII as is, {@code \n}, {@code \r}, {@code \t}, and {@code \xNN} for the rest. */
public final class Bytes {
    private Bytes() {
    }

    /** {@code b} escaped and quoted, at most {@code max} bytes shown (then "... (N bytes)"). */
    public static String show(byte[] b, int max) {
        StringBuilder s = new StringBuilder("\"");
        for (int i = 0; i < Math.min(b.length, max); i++) {
            int c = b[i] & 0xFF;
            switch (c) {
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c >= 0x20 && c < 0x7F) {
                        s.append((char) c);
                    } else {
                        s.append(String.format("\\x%02X", c));
                    }
                }
            }
        }
        s.append('"');
        if (b.length > max) {
            s.append("... (").append(b.length).append(" bytes)");
        }
        return s.toString();
    }

    /** {@link #show(byte[], int)} of at most 200 bytes. */
    public static String show(byte[] b) {
        return show(b, 200);
    }

    /** The ASCII bytes of {@code s}. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code parts} one after the other. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
