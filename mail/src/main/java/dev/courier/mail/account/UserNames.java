package dev.courier.mail.account;

import java.util.Locale;
import java.util.Optional;

/**
 * User names: 1-64 letters, digits, {@code .}, {@code _} and {@code -}, never 32 hex digits (which would read as
 * a session id). Names are case-insensitive and kept in lower case, as people expect of mail addresses.
 */
public final class UserNames {
    /** Longest user name. */
    public static final int MAX_LENGTH = 64;

    private UserNames() {
    }

    /** The canonical (lower-case) form of a valid name, or empty. */
    public static Optional<String> normalize(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        boolean allHex = name.length() == 32;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return Optional.empty();
            }
            allHex &= c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }
        return allHex ? Optional.empty() : Optional.of(name.toLowerCase(Locale.ROOT));
    }

    /** The canonical form, or an exception that says what a name may be. */
    public static String require(String name) {
        return normalize(name).orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a user name: "
                + "use 1-" + MAX_LENGTH + " letters, digits, '.', '_' or '-' (and not 32 hex digits)"));
    }
}
