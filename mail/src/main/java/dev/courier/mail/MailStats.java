package dev.courier.mail;

import java.util.concurrent.atomic.LongAdder;

/** Counters of a mail server, for logs, tests and metrics. */
public final class MailStats {
    /** Connections accepted. */
    public final LongAdder connections = new LongAdder();
    /** Connections refused for the connection limit (in all or per address). */
    public final LongAdder connectionsRefused = new LongAdder();
    /** Logins answered with a session. */
    public final LongAdder loginsOk = new LongAdder();
    /** Logins refused (wrong user or password, or throttled). */
    public final LongAdder loginsRefused = new LongAdder();
    /** Logins refused unchecked by the throttle. */
    public final LongAdder throttled = new LongAdder();
    /** Requests answered KO for a bad checksum. */
    public final LongAdder checksumFailures = new LongAdder();
    /** Session commands executed (whatever their answer). */
    public final LongAdder commands = new LongAdder();
    /** Messages committed. */
    public final LongAdder sent = new LongAdder();
    /** Answers with {@code ERR:limit}. */
    public final LongAdder limited = new LongAdder();
    /** Listings and request lines refused by the memory budget (answered {@code ERR:limit}). */
    public final LongAdder memoryRefused = new LongAdder();
    /** Answers with {@code ERR:internal}. */
    public final LongAdder internalErrors = new LongAdder();
    /** Connections closed for a line over the limit. */
    public final LongAdder tooLong = new LongAdder();
    /** Connections closed for not logging in in time. */
    public final LongAdder loginTimeouts = new LongAdder();
    /** Connections closed for idleness. */
    public final LongAdder timeouts = new LongAdder();
}
