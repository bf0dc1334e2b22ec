package dev.courier.core.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Words for a failed connect that a person can act on, without the transport's own decoration. */
public final class ConnectFailure {
    private ConnectFailure() {
    }

    /**
     * What went wrong with a connect, in a few words: "connection refused" rather
     * than the native transport's "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1".
     */
    public static String describe(Throwable cause) {
        String msg = cause.getMessage() == null ? "" : cause.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (cause instanceof UnknownHostException) {
            return "unknown host " + msg;
        }
        if (lower.contains("connection refused")) {
            // No hint here: the caller knows what should have been listening (the CLI names its command).
            return "connection refused";
        }
        if (cause instanceof NoRouteToHostException || lower.contains("no route to host")) {
            return "no route to host";
        }
        if (lower.contains("network is unreachable")) {
            return "network is unreachable";
        }
        if (lower.contains("timed out")) {
            return "connection timed out";
        }
        if (lower.contains("address already in use")) {
            return "address already in use (another program listens on that port)";
        }
        if (!msg.isEmpty()) {
            // Netty's native transport prefixes the system call (connect, bind): keep only the reason after it.
            return msg.replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
        }
        return msg.isEmpty() ? cause.getClass().getSimpleName() : msg;
    }

    /**
     * One line for a network or TLS failure of any kind reaching {@code target} (HOST:PORT), or null when {@code e}
     * is none: for a caller that got the exception chain itself (a future's, a handler's) rather than a client's
     * worded exception. {@code refusedHint} follows "connection refused": what should have been listening.
     */
    public static String oneLine(Throwable e, String target, String refusedHint) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS failed with " + target + ": " + rootMessage(c)
                        + " (is --cacert the server's certificate, and does it name the host you gave?)";
            }
            if (c instanceof ConnectException || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException) {
                return "cannot connect to " + target + ": " + describe(c) + (refused(c) ? refusedHint : "");
            }
            if (c instanceof TimeoutException) {
                return "no answer from " + target + " in time";
            }
        }
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException) {
                return "connection to " + target + " failed: " + describe(c);
            }
        }
        return null;
    }

    /** Whether {@code t} or one of its causes is a refused connect: nothing listens on that address and port. */
    public static boolean refused(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException && c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains("connection refused")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The message of the innermost cause that has one: for TLS, the certificate problem ("unable to find valid
     * certification path") rather than the wrapper's "handshake failed" or "General OpenSslEngine problem".
     */
    public static String rootMessage(Throwable t) {
        String msg = t.getMessage();
        for (Throwable c = t.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                msg = c.getMessage();
            }
        }
        return msg != null && !msg.isBlank() ? msg : t.getClass().getSimpleName();
    }
}
