package dev.courier.mail.account;

import dev.courier.core.auth.Digests;
import dev.courier.core.auth.Pbkdf2;

/** Hashes and checks mail passwords with PBKDF2-HMAC-SHA256 (slow on purpose: call it off the event loop). */
public final class Passwords {
    /** Default cost of a new hash (OWASP's 2023 advice for PBKDF2-HMAC-SHA256). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewest iterations accepted (tests use few to stay fast). */
    public static final int MIN_ITERATIONS = 1_000;
    /** Length of the random per-user salt. */
    public static final int SALT_BYTES = 16;
    /** Length of the derived hash. */
    public static final int HASH_BYTES = 32;
    /** Longest password accepted, in characters. */
    public static final int MAX_PASSWORD_CHARS = 1024;

    private Passwords() {
    }

    /** A new hash of {@code password} under a fresh random salt. */
    public static PasswordHash hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) {
            throw new IllegalArgumentException("at least " + MIN_ITERATIONS + " iterations");
        }
        check(password);
        byte[] salt = Digests.randomBytes(SALT_BYTES);
        return new PasswordHash(PasswordHash.PBKDF2_SHA256, iterations, salt,
                Pbkdf2.derive(password, salt, iterations, HASH_BYTES));
    }

    /** Whether {@code password} is the one hashed, compared in constant time. */
    public static boolean verify(char[] password, PasswordHash stored) {
        if (!PasswordHash.PBKDF2_SHA256.equals(stored.algorithm()) || password.length == 0
                || password.length > MAX_PASSWORD_CHARS) {
            return false;
        }
        byte[] expected = stored.hash();
        byte[] actual = Pbkdf2.derive(password, stored.salt(), stored.iterations(), expected.length);
        return Digests.constantTimeEquals(expected, actual);
    }

    /**
     * A hash no password matches, for unknown users: checking against it costs as much as a real check, so the
     * time of a refusal does not tell whether the user exists.
     */
    public static PasswordHash decoy(int iterations) {
        byte[] salt = Digests.randomBytes(SALT_BYTES);
        return new PasswordHash(PasswordHash.PBKDF2_SHA256, Math.max(iterations, MIN_ITERATIONS), salt,
                Digests.randomBytes(HASH_BYTES));
    }

    /** Refuses passwords that are empty or too long. */
    public static void check(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("a password cannot be empty");
        }
        if (password.length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("a password has at most " + MAX_PASSWORD_CHARS + " characters");
        }
    }
}
