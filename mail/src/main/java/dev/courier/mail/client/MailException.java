package dev.courier.mail.client;

import dev.courier.mail.protocol.ErrorCode;
import java.io.IOException;

/** A mail operation failed: the reason says how, the message says it for people. */
public final class MailException extends IOException {
    /** How an operation failed. */
    public enum Reason {
        /** The server answered {@code ERR:code:text}; see {@link #code()} and {@link #serverText()}. */
        ERROR_REPLY,
        /** The server answered {@code KO} to every one of the tries: the request never got through intact. */
        CHECKSUM_REJECTED,
        /**
         * A reply failed its checksum. The request may have run, so it was not sent again; the connection was
         * dropped (the session lives on; the next call reconnects).
         */
        INTEGRITY,
        /** The server answered something the protocol does not allow; the connection was dropped. */
        UNEXPECTED_REPLY,
        /** A command was called before a session was started. */
        NOT_LOGGED_IN,
        /** The connection ended before the answer came. */
        CONNECTION_CLOSED,
        /** The TLS handshake failed, for example the certificate did not verify. */
        TLS,
        /** No answer within the client's timeout. */
        TIMEOUT,
        /** The connection could not be made or failed. */
        IO
    }

    private final Reason reason;
    private final ErrorCode code;
    private final String serverText;

    /** An exception of {@code reason}. */
    public MailException(Reason reason, String message) {
        this(reason, message, null);
    }

    /** An exception of {@code reason} with a cause. */
    public MailException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.code = null;
        this.serverText = null;
    }

    /** The server's {@code ERR:code:text}. */
    public MailException(ErrorCode code, String serverText) {
        super("server error " + code.wire() + ": " + serverText);
        this.reason = Reason.ERROR_REPLY;
        this.code = code;
        this.serverText = serverText;
    }

    /** How the operation failed. */
    public Reason reason() {
        return reason;
    }

    /** The server's error code, for {@link Reason#ERROR_REPLY}; null otherwise. */
    public ErrorCode code() {
        return code;
    }

    /** The server's error text, for {@link Reason#ERROR_REPLY}; null otherwise. */
    public String serverText() {
        return serverText;
    }

    /** Words for a failure underneath, for a person: its message, not its Java class (a name if it has none). */
    public static String describe(Throwable t) {
        String m = t == null ? null : t.getMessage();
        if (m != null && !m.isBlank()) {
            return m;
        }
        return t == null ? "unknown failure" : t.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
