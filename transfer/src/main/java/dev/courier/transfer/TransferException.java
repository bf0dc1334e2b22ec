package dev.courier.transfer;

import java.io.IOException;

/** A transfer failed: the reason says how, the message says it for people. */
public final class TransferException extends IOException {
    /** How a transfer failed. */
    public enum Reason {
        /** The receiver answered {@code ERR}; the message holds its reason. */
        REFUSED,
        /** The peer sent something the protocol does not allow; the connection was dropped. */
        PROTOCOL,
        /** The connection ended before the answer came, or the client or server is closed. */
        CLOSED,
        /** No answer within the timeout. */
        TIMEOUT,
        /** The TLS handshake failed, for example the certificate did not verify. */
        TLS,
        /** The connection could not be made, or a local file could not be read. */
        IO,
        /** The receiver speaks only the spec: it answered one of Courier's extension lines as a bad first frame. */
        UNSUPPORTED
    }

    private final Reason reason;

    /** An exception of {@code reason}. */
    public TransferException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** An exception of {@code reason} with a cause. */
    public TransferException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** How the transfer failed. */
    public Reason reason() {
        return reason;
    }
}
