package dev.courier.cli;

import dev.courier.core.net.ConnectFailure;
import java.time.Duration;

/** The words every client command uses for a failed connection, TLS handshake or wait: one line, no class names. */
public final class NetFailures {
    /** What a refused connection to a Courier service suggests. */
    public static final String SERVE_HINT = " (is courier serve running?)";

    private NetFailures() {
    }

    /** {@code hint} when {@code e} comes from a refused connection, else nothing. */
    public static String refusedHint(Throwable e, String hint) {
        return ConnectFailure.refused(e) ? hint : "";
    }

    /** The innermost cause's message: for TLS, the certificate problem rather than "handshake failed". */
    public static String rootMessage(Throwable e) {
        return ConnectFailure.rootMessage(e);
    }

    /** "no answer from HOST:PORT within N s". */
    public static String noAnswer(String target, Duration timeout) {
        return "no answer from " + target + " within " + seconds(timeout);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * One line for a network or TLS failure of any kind reaching {@code target} (HOST:PORT), or null when {@code e}
     * is none: what a command says for a failure its client library did not already put in words.
     */
    public static String describe(Throwable e, String target) {
        return ConnectFailure.oneLine(e, target, SERVE_HINT);
    }
}
