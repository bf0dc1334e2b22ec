package dev.courier.conformance.kv;

import dev.courier.conformance.Dialect;
import dev.courier.core.auth.Pbkdf2;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What the KV cases need to know of the server: the salt its clients hash passwords with, the message limit it was
 * started with, and, for a server in accounts mode, an account to log in with (null: open mode, the cases make
 * their own ids), and the dialect it speaks.
 */
public record KvOptions(byte[] salt, int maxMessage, String user, String password, Dialect dialect) {
    /** The spec's message limit (LF included). */
    public static final int DEFAULT_MAX_MESSAGE = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Options of the line dialect. */
    public KvOptions(byte[] salt, int maxMessage, String user, String password) {
        this(salt, maxMessage, user, password, Dialect.LINE);
    }

    /** Open mode, the test salt, the default limit, the line dialect. */
    public static KvOptions defaults() {
        return new KvOptions(Pbkdf2.testSalt(), DEFAULT_MAX_MESSAGE, null, null);
    }

    /** A copy for a server of {@code d}. */
    public KvOptions withDialect(Dialect d) {
        return new KvOptions(salt, maxMessage, user, password, d);
    }

    /** Whether the server speaks the record dialect. */
    public boolean records() {
        return dialect == Dialect.RECORD;
    }

    /** Whether the cases log in with a given account rather than ids of their own. */
    public boolean accounts() {
        return user != null;
    }

    /** A session for one case: the account's, or a fresh id with a random password in open mode. */
    Login login() {
        if (accounts()) {
            return new Login(user, hash(password));
        }
        byte[] r = new byte[6];
        RANDOM.nextBytes(r);
        return new Login("conformance-" + HexFormat.of().formatHex(r), hash("pw-" + HexFormat.of().formatHex(r)));
    }

    /** The 32 bytes a client sends for {@code password}. */
    byte[] hash(String password) {
        return Pbkdf2.kvHash(password.toCharArray(), salt);
    }

    /** An id and the hash that opens it. */
    record Login(String id, byte[] hash) {
    }
}
