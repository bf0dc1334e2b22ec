package dev.courier.core.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** One-way digests of secrets, and constant-time comparison. */
public final class Digests {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Length of the random salt put before a secret when it is digested. */
    public static final int SALT_BYTES = 16;

    private Digests() {
    }

    /** SHA-256 of the concatenation of the parts. */
    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares without leaking, through timing, where two arrays first differ. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    /** {@code n} bytes from a cryptographically strong generator. */
    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
