package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.NetFailures;
import dev.courier.mail.client.MailException;
import dev.courier.mail.protocol.ErrorCode;

/** Maps a mail client failure to a one-line message and an exit status: 1 for an ERR reply, 3 otherwise. */
final class MailFailures {
    private MailFailures() {
    }

    /** The exit status {@code e} calls for. */
    static int exitCode(MailException e) {
        return e.reason() == MailException.Reason.ERROR_REPLY ? ExitCodes.REFUSED : ExitCodes.FAILURE;
    }

    /** Whether a shell can go on after {@code e}: an ERR reply other than a lost session, or a checksum failure. */
    static boolean recoverable(MailException e) {
        return switch (e.reason()) {
            case ERROR_REPLY -> e.code() != ErrorCode.SESSION;
            // The session lives on; the client reconnects for the next command.
            case CHECKSUM_REJECTED, INTEGRITY -> true;
            default -> false;
        };
    }

    /** A human message for {@code e}. */
    static String message(MailException e, MailConnectionOptions conn) {
        return switch (e.reason()) {
            case ERROR_REPLY -> switch (e.code()) {
                case AUTH -> "login refused for '" + conn.userName() + "': " + e.serverText();
                case SESSION -> "the session ended (" + e.serverText() + "); log in again";
                case LIMIT -> "limit reached: " + e.serverText();
                case INTERNAL -> "the server failed: " + e.serverText() + "; try again";
                default -> e.serverText();
            };
            case CHECKSUM_REJECTED -> "the request did not get through intact (the server answered KO to every "
                    + "try); nothing was done";
            case INTEGRITY -> "a reply failed its checksum: the request may or may not have run, so it was not sent "
                    + "again (" + e.getMessage() + ")";
            case TLS -> "TLS failed: " + NetFailures.rootMessage(e) + " (is --cacert the server's certificate, and does it name '"
                    + conn.host + "'? Is the server in clear text (--plaintext)?)";
            case CONNECTION_CLOSED -> "the server closed the connection";
            // The TLS handshake and each answer wait as long: one message whichever ran out first.
            case TIMEOUT -> NetFailures.noAnswer(conn.host + ":" + conn.port, conn.timeout);
            case IO -> e.getMessage() + NetFailures.refusedHint(e, NetFailures.SERVE_HINT);
            default -> e.getMessage();
        };
    }

    /** The failure that ends a one-shot command. */
    static CliFailure of(MailException e, MailConnectionOptions conn) {
        return new CliFailure(exitCode(e), message(e, conn));
    }
}
