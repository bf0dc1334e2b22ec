package dev.courier.kv.server;

import dev.courier.core.metrics.LatencyHistogram;
import dev.courier.core.tls.TlsHandshakes;
import dev.courier.kv.protocol.KvReply;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a KV server, for logs, tests and metrics. */
public final class KvStats {
    /** TLS handshakes of the listener, by result and protocol. */
    public final TlsHandshakes handshakes = new TlsHandshakes();
    /** Connections accepted. */
    public final LongAdder connections = new LongAdder();
    /** CONNECTs answered OK. */
    public final LongAdder connectsOk = new LongAdder();
    /** CONNECTs answered ERROR. */
    public final LongAdder connectsRefused = new LongAdder();
    /** CONNECTs answered ERROR unchecked, by the throttle. */
    public final LongAdder throttled = new LongAdder();
    /** Connections dropped for a protocol violation. */
    public final LongAdder violations = new LongAdder();
    /** Data commands executed (PUT, GET, DELETE). */
    public final LongAdder commands = new LongAdder();
    /** Connections closed for idleness or a missed handshake deadline. */
    public final LongAdder timeouts = new LongAdder();

    /** The verbs counted and timed; CONNECT and DISCONNECT included. */
    public enum Verb { CONNECT, PUT, GET, DELETE, DISCONNECT }

    /** Why a connection was dropped for a violation: the decoder's reasons, grouped into a fixed set of labels. */
    public enum ViolationReason {
        /** A message longer than the limit. */
        TOO_LONG,
        /** A verb the protocol does not have. */
        UNKNOWN_COMMAND,
        /** A byte outside ASCII. */
        NON_ASCII,
        /** CONNECT on a connection that has a session. */
        SECOND_CONNECT,
        /** A client id the protocol does not allow. */
        BAD_CLIENT_ID,
        /** A data command before CONNECT. */
        BEFORE_CONNECT,
        /** Anything else. */
        OTHER;

        /** The group of the decoder's {@code reason} text. */
        public static ViolationReason of(String reason) {
            if (reason == null) {
                return OTHER;
            }
            if (reason.startsWith("message longer")) {
                return TOO_LONG;
            }
            if (reason.startsWith("unknown command")) {
                return UNKNOWN_COMMAND;
            }
            if (reason.startsWith("non-ASCII")) {
                return NON_ASCII;
            }
            if (reason.startsWith("second CONNECT")) {
                return SECOND_CONNECT;
            }
            if (reason.startsWith("bad client id")) {
                return BAD_CLIENT_ID;
            }
            return reason.endsWith("before CONNECT") ? BEFORE_CONNECT : OTHER;
        }
    }

    /** Slot of a {@code GET} that found its value in {@link #replies}; the others are the {@link KvReply.Status} ordinals. */
    public static final int VALUE_SLOT = KvReply.Status.values().length;

    /** Replies written, by kind: the {@link KvReply.Status} ordinals, then {@link #VALUE_SLOT}. */
    public final LongAdder[] replies = adders(VALUE_SLOT + 1);
    /** Violations by reason, indexed by {@link ViolationReason#ordinal()}. */
    public final LongAdder[] violationsByReason = adders(ViolationReason.values().length);
    /** Time from a request's decoding to its answer, by verb. */
    public final Map<Verb, LatencyHistogram> latency = latencies();

    /** The {@link #replies} slot of {@code r}. */
    public static int slot(KvReply r) {
        return r instanceof KvReply.Status s ? s.ordinal() : VALUE_SLOT;
    }

    /** Replies written of {@code verb} that were {@code ok} (or not). */
    public long replies(Verb verb, boolean ok) {
        return switch (verb) {
            case CONNECT -> replies[(ok ? KvReply.Status.CONNECT_OK : KvReply.Status.CONNECT_ERROR).ordinal()].sum();
            case PUT -> replies[(ok ? KvReply.Status.PUT_OK : KvReply.Status.PUT_ERROR).ordinal()].sum();
            case GET -> ok ? replies[VALUE_SLOT].sum() : replies[KvReply.Status.GET_ERROR.ordinal()].sum();
            case DELETE -> replies[(ok ? KvReply.Status.DELETE_OK : KvReply.Status.DELETE_ERROR).ordinal()].sum();
            // The protocol has no DISCONNECT: ERROR; the series is there so that dashboards need no special case.
            case DISCONNECT -> ok ? replies[KvReply.Status.DISCONNECT_OK.ordinal()].sum() : 0;
        };
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private static Map<Verb, LatencyHistogram> latencies() {
        Map<Verb, LatencyHistogram> m = new EnumMap<>(Verb.class);
        for (Verb v : Verb.values()) {
            m.put(v, new LatencyHistogram());
        }
        return m;
    }
}
