package dev.courier.transfer.server;

import dev.courier.core.tls.TlsHandshakes;
import dev.courier.transfer.TransferMessage;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a transfer receiver, for logs, tests and metrics. */
public final class TransferStats {
    /** TLS handshakes of the listener, by result and protocol. */
    public final TlsHandshakes handshakes = new TlsHandshakes();
    /** Connections accepted within the limit. */
    public final LongAdder connections = new LongAdder();
    /** Connections refused over the connection limit or the per-address limit. */
    public final LongAdder connectionsRefused = new LongAdder();
    /** Messages delivered. */
    public final LongAdder messages = new LongAdder();
    /** Body bytes of the messages delivered. */
    public final LongAdder bytes = new LongAdder();
    /** NACK1 replies (a chunk's CRC-32 failed). */
    public final LongAdder nack1 = new LongAdder();
    /** NACK2 replies (a body's SHA-256 failed). */
    public final LongAdder nack2 = new LongAdder();
    /** ERR replies, for any reason. */
    public final LongAdder refused = new LongAdder();
    /** Connections closed after a protocol violation. */
    public final LongAdder violations = new LongAdder();
    /** Bodies moved from memory to disk because the memory budget would not let them grow. */
    public final LongAdder spills = new LongAdder();
    /** Connections closed for idleness or a frame deadline. */
    public final LongAdder timeouts = new LongAdder();
    /** Senders refused by authentication: a bad token, a lock-out, no token, or a refused client certificate. */
    public final LongAdder authRefused = new LongAdder();
    /** File messages resumed from a kept partial ({@code RESUME} answered {@code OK offset n}). */
    public final LongAdder resumes = new LongAdder();
    /** Folder trees placed ({@code TREE} answered {@code OK}). */
    public final LongAdder trees = new LongAdder();
    /** Messages being received now: their first frame arrived and they are neither delivered nor dropped. */
    public final LongAdder inFlight = new LongAdder();
    /** Messages delivered, by {@link TransferMessage.Kind#ordinal()}. */
    private final LongAdder[] deliveredByKind = {new LongAdder(), new LongAdder(), new LongAdder()};

    /** Counts one delivered message of {@code kind}. */
    public void countDelivered(TransferMessage.Kind kind) {
        deliveredByKind[kind.ordinal()].increment();
    }

    /** Messages of {@code kind} delivered. */
    public long delivered(TransferMessage.Kind kind) {
        return deliveredByKind[kind.ordinal()].sum();
    }
}
