package dev.courier.core.auth;

import java.util.HexFormat;

/** A secret kept only as SHA-256 over a random salt and the secret: enough to check it, never to recover it. */
public record SaltedDigest(byte[] salt, byte[] digest) {
    /** Digests {@code secret} under a fresh random salt. */
    public static SaltedDigest of(byte[] secret) {
        byte[] salt = Digests.randomBytes(Digests.SALT_BYTES);
        return new SaltedDigest(salt, Digests.sha256(salt, secret));
    }

    /** Whether {@code secret} is the one digested, compared in constant time. */
    public boolean matches(byte[] secret) {
        return Digests.constantTimeEquals(digest, Digests.sha256(salt, secret));
    }

    /** The form kept in files: salt and digest in hex, separated by a colon. */
    public String encode() {
        return HexFormat.of().formatHex(salt) + ":" + HexFormat.of().formatHex(digest);
    }

    /** Parses {@link #encode()}'s form. */
    public static SaltedDigest decode(String s) {
        int i = s.indexOf(':');
        if (i < 0) {
            throw new IllegalArgumentException("not salt:digest");
        }
        return new SaltedDigest(HexFormat.of().parseHex(s.substring(0, i)), HexFormat.of().parseHex(s.substring(i + 1)));
    }
}
