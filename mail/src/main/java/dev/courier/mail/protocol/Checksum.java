package dev.courier.mail.protocol;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The SHA-1 checksum every line carries after its last {@code #}: 40 lowercase hex digits. */
public final class Checksum {
    /** Length of the checksum in hex digits. */
    public static final int HEX_LENGTH = 40;
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 missing from this JDK", e);
        }
    });

    private Checksum() {
    }

    /** The lowercase hex SHA-1 of {@code len} bytes of {@code b} from {@code off}, as ASCII bytes. */
    public static byte[] hex(byte[] b, int off, int len) {
        MessageDigest md = SHA1.get();
        md.update(b, off, len);
        byte[] d = md.digest();
        byte[] out = new byte[HEX_LENGTH];
        for (int i = 0; i < d.length; i++) {
            out[2 * i] = HEX[(d[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[d[i] & 0xF];
        }
        return out;
    }

    /** The lowercase hex SHA-1 of all of {@code b}, as text. */
    public static String hex(byte[] b) {
        return new String(hex(b, 0, b.length), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Whether bytes {@code [off, off+40)} of {@code line} are the checksum {@code expected}. Hex digits are
     * compared without regard to case (a peer may write upper case); anything else fails.
     */
    public static boolean matches(byte[] line, int off, int len, byte[] expected) {
        if (len != HEX_LENGTH) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < HEX_LENGTH; i++) {
            int c = line[off + i];
            if (c >= 'A' && c <= 'F') {
                c += 'a' - 'A';
            }
            diff |= c ^ expected[i];
        }
        return diff == 0;
    }
}
