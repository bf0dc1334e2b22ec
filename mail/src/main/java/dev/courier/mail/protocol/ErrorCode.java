package dev.courier.mail.protocol;

import java.util.Locale;
import java.util.Optional;

/** The codes of {@code ERR:code:text} replies (spec section 4). */
public enum ErrorCode {
    /** Login refused: unknown user, wrong password, or throttled. */
    AUTH,
    /** Unknown or expired session id (also: the session's user was deleted). */
    SESSION,
    /** The recipient (or, for getmsg, the sender) is not an account. */
    NO_SUCH_USER,
    /** delmsg found no message with that subject. */
    NO_SUCH_SUBJECT,
    /** The request is not one the protocol knows. */
    BAD_REQUEST,
    /** A configured limit was reached. */
    LIMIT,
    /** The server failed (for example its database); the request may be tried again. */
    INTERNAL;

    private final String wire = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The code as written on the wire, such as {@code no-such-user}. */
    public String wire() {
        return wire;
    }

    /** The code for its wire form. */
    public static Optional<ErrorCode> fromWire(String s) {
        for (ErrorCode c : values()) {
            if (c.wire.equals(s)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
