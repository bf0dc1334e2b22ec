package dev.courier.kv.client;

import java.io.IOException;

/** A KV operation failed: the reason says how, the message says it for people. */
public final class KvException extends IOException {
    /** How an operation failed. */
    public enum Reason {
        /**
         * The request breaks the protocol's rules (too long, a character outside 0x01-0x7F): the client refused it
         * before sending anything, since the server would drop the connection and erase the session.
         */
        INVALID_REQUEST,
        /** The server answered {@code CONNECT: ERROR}. */
        CONNECT_REFUSED,
        /** The server answered {@code PUT: ERROR}. */
        PUT_REFUSED,
        /** The server answered {@code DELETE: ERROR}. */
        DELETE_REFUSED,
        /** A {@code GET} answer's CRC-32 did not match its value; the connection was dropped. */
        CRC_MISMATCH,
        /** The server answered something the protocol does not allow; the connection was dropped. */
        UNEXPECTED_REPLY,
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

    /** An exception of {@code reason}. */
    public KvException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** An exception of {@code reason} with a cause. */
    public KvException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** How the operation failed. */
    public Reason reason() {
        return reason;
    }
}
