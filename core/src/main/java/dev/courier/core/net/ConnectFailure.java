package dev.courier.core.net;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Words for a failed connect that a person can act on, without the transport's own decoration. */
public final class ConnectFailure {
    private ConnectFailure() {
    }

    /**
     * What went wrong with a connect, in a few words: "connection refused (nothing listens on that port)" rather
     * than the native transport's "finishConnect(..) failed with error(-111): Connection refused: /127.0.0.1:1".
     */
    public static String describe(Throwable cause) {
        String msg = cause.getMessage() == null ? "" : cause.getMessage();
        String lower = msg.toLowerCase(Locale.ROOT);
        if (cause instanceof UnknownHostException) {
            return "unknown host " + msg;
        }
        if (lower.contains("connection refused")) {
            return "connection refused (nothing listens on that port)";
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
        if (cause instanceof ConnectException && !msg.isEmpty()) {
            // Netty's native transport prefixes the system call: keep only the reason after it.
            return msg.replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
        }
        return msg.isEmpty() ? cause.getClass().getSimpleName() : msg;
    }
}
