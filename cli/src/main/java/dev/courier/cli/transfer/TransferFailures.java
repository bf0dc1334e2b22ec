package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.NetFailures;
import dev.courier.transfer.TransferException;

/** Maps a transfer failure to a one-line message and an exit status: 1 when the receiver said ERR, 3 otherwise. */
final class TransferFailures {
    private TransferFailures() {
    }

    /** The failure that ends {@code courier send}. */
    static CliFailure of(TransferException e, Target target, boolean tls) {
        return switch (e.reason()) {
            case REFUSED -> new CliFailure(ExitCodes.REFUSED, e.getMessage() + refusalHint(e.getMessage()));
            case UNAUTHORIZED -> new CliFailure(ExitCodes.REFUSED, e.getMessage()
                    + (e.getMessage().contains("none was given") ? " (courier send --tls --cert FILE --key FILE)" : ""));
            case TLS -> CliFailure.failure("TLS failed with " + target + ": " + NetFailures.rootMessage(e)
                    + " (is the receiver speaking TLS, and is --cacert its certificate, naming '" + target.host()
                    + "'?)");
            case CLOSED, PROTOCOL, TIMEOUT -> CliFailure.failure(e.getMessage()
                    + (tls ? "" : " (if " + target + " speaks TLS, add --tls)"));
            case IO -> CliFailure.failure(e.getMessage()
                    + NetFailures.refusedHint(e, " (is courier serve or courier receive running?)"));
            default -> CliFailure.failure(e.getMessage());
        };
    }

    /** What to do about a refusal a sender can fix with a flag. */
    private static String refusalHint(String message) {
        if (message.endsWith("this receiver needs a token")) {
            return " (courier send --token-file FILE)";
        }
        if (message.endsWith(": bad token")) {
            return " (is --token-file the receiver's --transfer-token-file?)";
        }
        return "";
    }
}
