package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.NetFailures;
import dev.courier.kv.client.KvException;

/** Maps a client failure to a one-line message and an exit status: 1 when the server said no, 3 otherwise. */
final class KvFailures {
    private KvFailures() {
    }

    /** Whether the connection is gone after {@code e} (anything but a refused PUT or DELETE). */
    static boolean fatal(KvException e) {
        return e.reason() != KvException.Reason.PUT_REFUSED && e.reason() != KvException.Reason.DELETE_REFUSED
                && e.reason() != KvException.Reason.INVALID_REQUEST;
    }

    /** The message for a request refused before sending: what is wrong, the limit, and that nothing was sent. */
    static String invalid(String problem) {
        return "not sent: " + problem + ". The server would drop the connection and erase the session; nothing "
                + "was sent, the session and its data are intact";
    }

    /** A human message for {@code e}. */
    static String message(KvException e, ConnectionOptions conn) {
        return switch (e.reason()) {
            case CONNECT_REFUSED -> "CONNECT: ERROR from " + conn.host + ":" + conn.port() + " for id '"
                    + conn.clientId() + "': " + (conn.rsa
                    ? "the id has a session already (live or detached, from either edition), or a limit"
                    : "wrong password, session in use by another client, unknown account, a limit, or too many "
                            + "failed attempts");
            case PUT_REFUSED -> "PUT: ERROR: the server refused to store it (a byte outside ASCII 0x01-0x7F, a "
                    + "value over the size limit, or a session limit)";
            case DELETE_REFUSED -> "DELETE: ERROR: the key is still there";
            case INVALID_REQUEST -> invalid(e.getMessage());
            case TLS -> "TLS failed: " + NetFailures.rootMessage(e) + " (is --cacert the server's certificate, and does it "
                    + "name '" + conn.host + "'? The server logs the path of its certificate.)";
            case CRC_MISMATCH -> e.getMessage() + "; connection dropped";
            case CONNECTION_CLOSED -> "the server closed the connection"
                    + (conn.rsa ? " (is " + conn.port() + " a port of the RSA edition, serve's --kv-rsa-port?)" : "");
            // The TLS handshake and each answer wait as long: one message whichever ran out first.
            case TIMEOUT -> NetFailures.noAnswer(conn.host + ":" + conn.port(), conn.timeout);
            case IO -> e.getMessage() + NetFailures.refusedHint(e, conn.rsa
                    ? " (is courier serve running, with --kv-rsa-port?)" : NetFailures.SERVE_HINT);
            default -> e.getMessage();
        };
    }

    /** The failure that ends a one-shot command. */
    static CliFailure of(KvException e, ConnectionOptions conn) {
        int code = switch (e.reason()) {
            case CONNECT_REFUSED, PUT_REFUSED, DELETE_REFUSED -> ExitCodes.REFUSED;
            case INVALID_REQUEST -> ExitCodes.USAGE;
            default -> ExitCodes.FAILURE;
        };
        return new CliFailure(code, message(e, conn));
    }
}
