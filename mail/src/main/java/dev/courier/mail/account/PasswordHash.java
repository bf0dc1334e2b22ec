package dev.courier.mail.account;

import java.util.Arrays;

/**
 * A password kept only as a salted slow hash: the algorithm, its iterations and the per-user random salt are
 * stored with the hash, so the cost can be raised later without breaking old accounts.
 */
public record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {
    /** The one algorithm in use. */
    public static final String PBKDF2_SHA256 = "pbkdf2-sha256";

    /** Copies the arrays. */
    public PasswordHash {
        salt = salt.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordHash p && p.algorithm.equals(algorithm) && p.iterations == iterations
                && Arrays.equals(p.salt, salt) && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "PasswordHash[" + algorithm + ", " + iterations + " iterations]";
    }
}
