package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.transfer.TransferException;

/** Maps a transfer failure to a one-line message and an exit status: 1 when the receiver said ERR, 3 otherwise. */
final class TransferFailures {
    private TransferFailures() {
    }

    /** The failure that ends {@code courier send}. */
    static CliFailure of(TransferException e, Target target, boolean tls) {
        return switch (e.reason()) {
            case REFUSED -> new CliFailure(ExitCodes.REFUSED, e.getMessage());
            case TLS -> CliFailure.failure("TLS failed with " + target + ": " + rootMessage(e)
                    + " (is the receiver speaking TLS, and is --cacert its certificate, naming '" + target.host()
                    + "'?)");
            case CLOSED, PROTOCOL, TIMEOUT -> CliFailure.failure(e.getMessage()
                    + (tls ? "" : " (if " + target + " speaks TLS, add --tls)"));
            default -> CliFailure.failure(e.getMessage());
        };
    }

    /** The innermost cause's message: for TLS, the certificate problem rather than "handshake failed". */
    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null) {
                msg = t.getMessage();
            }
        }
        return msg;
    }
}
