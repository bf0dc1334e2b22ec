package dev.courier.kv.server;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a KV server, for logs, tests and metrics. */
public final class KvStats {
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
}
