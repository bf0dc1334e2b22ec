package dev.courier.mail;

import dev.courier.core.tls.TlsHandshakes;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a mail server, for logs, tests and metrics. */
public final class MailStats {
    /** TLS handshakes of the listener, by result and protocol. */
    public final TlsHandshakes handshakes = new TlsHandshakes();
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

    /** The commands counted by result: LOGIN and every session command. */
    public enum Command { LOGIN, EMAIL, COUNT, DUMP, GETMSG, DELMSG, LOGOFF }

    /** Commands answered, by {@code Command.ordinal() * 2 + (ok ? 0 : 1)}; an answer {@code ERR} is an error. */
    private final LongAdder[] answered = new LongAdder[Command.values().length * 2];

    {
        for (int i = 0; i < answered.length; i++) {
            answered[i] = new LongAdder();
        }
    }

    /** Counts one answer to {@code command}. */
    public void count(Command command, boolean ok) {
        answered[command.ordinal() * 2 + (ok ? 0 : 1)].increment();
    }

    /** Answers to {@code command} that were {@code ok} (or {@code ERR}). */
    public long answered(Command command, boolean ok) {
        return answered[command.ordinal() * 2 + (ok ? 0 : 1)].sum();
    }
}
