package dev.courier.cli;

import dev.courier.core.auth.Pbkdf2;

/** A PBKDF2 salt given as {@code --salt HEX}; the server's accounts and every client must use the same. */
public record Salt(byte[] bytes) {
    /** The salt's bytes, or the test salt's when {@code s} is null. */
    public static byte[] orTest(Salt s) {
        return s != null ? s.bytes() : Pbkdf2.testSalt();
    }
}
