package dev.courier.core.auth;

import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/** PBKDF2-HMAC-SHA256, as the KV protocol's client derives its 32-byte password hash. */
public final class Pbkdf2 {
    /** Iterations fixed by the KV protocol. */
    public static final int KV_ITERATIONS = 100_000;
    /** Hash length fixed by the KV protocol. */
    public static final int KV_HASH_BYTES = 32;
    /** The protocol's published test salt; production deployments must change it. */
    public static final String TEST_SALT_HEX = "ed1292c686b48abf10b362641c2f6dca";

    private Pbkdf2() {
    }

    /** PBKDF2-HMAC-SHA256 of {@code password} (UTF-8) with the given salt, iterations and output length. */
    public static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The KV protocol's password hash: 100 000 iterations, 32 bytes. */
    public static byte[] kvHash(char[] password, byte[] salt) {
        return derive(password, salt, KV_ITERATIONS, KV_HASH_BYTES);
    }

    /** The test salt's bytes. */
    public static byte[] testSalt() {
        return HexFormat.of().parseHex(TEST_SALT_HEX);
    }
}
