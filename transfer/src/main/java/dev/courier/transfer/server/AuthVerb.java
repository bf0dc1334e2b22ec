package dev.courier.transfer.server;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.transfer.TransferToken;
import dev.courier.transfer.protocol.ExtensionLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code AUTH token}: the sender gives the receiver's shared token. Compared in constant time; a bad one is
 * answered {@code ERR bad token}, counted, logged (never the token) and throttled per address like the other
 * services' logins. A receiver that asks for no token answers {@code OK} and ignores it: the token proves nothing
 * there, so it does not become the sender's identity.
 */
final class AuthVerb implements ExtensionDispatch.Verb {
    private static final Logger LOG = LoggerFactory.getLogger(AuthVerb.class);
    /** The refusal of a bad token. */
    static final String BAD_TOKEN = "bad token";
    /** The refusal while an address is locked out after bad tokens. */
    static final String LOCKED_OUT = "too many bad tokens from your address: try again later";

    @Override
    public void answer(ExtensionLine line, ExtensionDispatch.Exchange x) {
        if (line.args().size() != 1) {
            x.conv().refuse("bad extension: AUTH takes one token");
            return;
        }
        TransferToken token = x.shared().auth().token();
        if (token == null) {
            x.ok("");
            return;
        }
        String address = x.peer().address();
        LoginThrottle.Attempt attempt = x.shared().throttle().begin(address);
        if (attempt == null) {
            x.shared().stats().authRefused.increment();
            LOG.info("transfer: {} refused: locked out after bad tokens", address);
            x.conv().refuse(LOCKED_OUT);
            return;
        }
        if (token.matches(line.arg(0))) {
            attempt.succeeded(address);
            x.peer().tokenAccepted(token.id());
            x.ok("");
            return;
        }
        attempt.failed();
        x.shared().stats().authRefused.increment();
        LOG.info("transfer: {} refused: bad token", address);
        x.conv().refuse(BAD_TOKEN);
    }
}
