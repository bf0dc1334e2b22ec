package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Io;
import dev.courier.cli.Passwords;
import dev.courier.cli.Salt;
import dev.courier.core.auth.Pbkdf2;
import java.io.IOException;
import java.util.Arrays;

/** The password of {@code kv user add} and {@code kv user passwd}: asked or read, then hashed as clients hash it. */
final class KvNewPassword {
    /** Printed when no {@code --salt} is given: the README's "Accounts" section explains it. */
    static final String TEST_SALT_WARNING = "warning: hashing with the protocol's published test salt: anyone who "
            + "steals the accounts file can test guesses against every account at once; choose a salt of your own "
            + "with --salt HEX (and give every client the same --salt)";

    private KvNewPassword() {
    }

    /** The 32-byte hash a client with this password (and salt) sends; the caller wipes it. */
    static byte[] hash(Io io, String id, Salt salt) {
        if (salt == null) {
            io.err().println(TEST_SALT_WARNING);
        }
        char[] pw;
        try {
            pw = io.prompt() != null ? Passwords.askNew(io.prompt(), "'" + id + "'")
                    : Passwords.requireNonEmpty(Passwords.readLine(io.in()));
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the password: " + e.getMessage());
        }
        try {
            return Pbkdf2.kvHash(pw, Salt.orTest(salt));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }
}
