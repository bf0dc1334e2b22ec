package dev.courier.core.tls;

import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * TLS handshakes of one listener, by result and protocol. Counted from the handshake's future, not by a handler in
 * the pipeline: a connection's requests pass no extra handler for it.
 */
public final class TlsHandshakes {
    /** The protocols counted apart; any other lands in {@link #OTHER}. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Label of a protocol outside {@link #PROTOCOLS}. */
    public static final String OTHER = "other";

    private final LongAdder[] ok = {new LongAdder(), new LongAdder(), new LongAdder()};
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** Counts the handshake of {@code tls} once it ends, whichever way. */
    public void watch(SslHandler tls) {
        tls.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                ok[slot(tls.engine().getSession().getProtocol())].increment();
            } else if (f.cause() instanceof SslHandshakeTimeoutException) {
                timedOut.increment();
            } else {
                failed.increment();
            }
        });
    }

    private static int slot(String protocol) {
        for (int i = 0; i < PROTOCOLS.length; i++) {
            if (PROTOCOLS[i].equals(protocol)) {
                return i;
            }
        }
        return PROTOCOLS.length;
    }

    /** Handshakes completed with {@code protocol} (one of {@link #PROTOCOLS}, or {@link #OTHER}). */
    public long ok(String protocol) {
        return ok[OTHER.equals(protocol) ? PROTOCOLS.length : slot(protocol)].sum();
    }

    /** Handshakes that did not complete within the deadline. */
    public long timedOut() {
        return timedOut.sum();
    }

    /** Handshakes that failed otherwise (a bad certificate, no common protocol, a closed connection). */
    public long failed() {
        return failed.sum();
    }
}
