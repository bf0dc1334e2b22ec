package dev.courier.mail;

import dev.courier.core.auth.LoginThrottle;
import java.time.Duration;

/**
 * Every limit of the mail service, with the defaults as named constants. A limit reached is answered
 * {@code ERR:limit:text}.
 *
 * @param maxLineBytes largest line, its LF included; a longer one is answered ERR:limit and the connection closed
 * @param maxConnections open connections; one more is answered ERR:limit and closed
 * @param maxSessions sessions held; a login beyond is answered ERR:limit
 * @param sessionTimeout a session unused this long ends
 * @param idleTimeout a connection silent this long is closed (its session goes on); zero: never
 * @param handshakeTimeout time for the TLS handshake
 * @param maxMailboxMessages messages one mailbox holds; more are refused with ERR:limit
 * @param maxMailboxBytes bytes of subjects and bodies one mailbox holds; more are refused with ERR:limit
 * @param maxSendsPerMinute messages one user may send per minute (a bucket refilled evenly); more: ERR:limit
 * @param maxPipelined requests one connection may queue before the server stops reading from it
 * @param maxPendingLogins logins waiting for a password check; more are answered ERR:limit
 * @param throttle how failed logins are throttled per user and per address
 */
public record MailLimits(int maxLineBytes, int maxConnections, int maxSessions, Duration sessionTimeout,
                         Duration idleTimeout, Duration handshakeTimeout, int maxMailboxMessages,
                         long maxMailboxBytes, int maxSendsPerMinute, int maxPipelined, int maxPendingLogins,
                         LoginThrottle.Policy throttle) {
    /** Default: 64 KiB per line. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** Default: 10 000 open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default: 100 000 sessions. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;
    /** Default: sessions end after 30 minutes without a request. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);
    /** Default: connections close after 5 minutes of silence. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Default: 10 s for the TLS handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default: 10 000 messages per mailbox. */
    public static final int DEFAULT_MAX_MAILBOX_MESSAGES = 10_000;
    /** Default: 32 MiB per mailbox. */
    public static final long DEFAULT_MAX_MAILBOX_BYTES = 32L << 20;
    /** Default: 600 messages per user per minute. */
    public static final int DEFAULT_MAX_SENDS_PER_MINUTE = 600;
    /** Default: 64 queued requests per connection. */
    public static final int DEFAULT_MAX_PIPELINED = 64;
    /** Default: 256 logins waiting for a password check. */
    public static final int DEFAULT_MAX_PENDING_LOGINS = 256;
    /** Smallest line limit: a login and every reply header must fit. */
    public static final int MIN_LINE_BYTES = 256;

    /** Checks the values are usable. */
    public MailLimits {
        if (maxLineBytes < MIN_LINE_BYTES) {
            throw new IllegalArgumentException("the line limit must be at least " + MIN_LINE_BYTES + " bytes");
        }
        if (maxConnections < 1 || maxSessions < 1 || maxMailboxMessages < 1 || maxMailboxBytes < 1
                || maxSendsPerMinute < 1 || maxPipelined < 1 || maxPendingLogins < 1) {
            throw new IllegalArgumentException("connection, session, mailbox, send, queue limits must be positive");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || idleTimeout.isNegative()
                || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive (the idle timeout may be zero: never)");
        }
    }

    /** The defaults. */
    public static MailLimits defaults() {
        return new MailLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_SESSIONS,
                DEFAULT_SESSION_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_MAX_MAILBOX_MESSAGES, DEFAULT_MAX_MAILBOX_BYTES, DEFAULT_MAX_SENDS_PER_MINUTE,
                DEFAULT_MAX_PIPELINED, DEFAULT_MAX_PENDING_LOGINS, LoginThrottle.Policy.defaults());
    }

    /** A copy with another maxLineBytes. */
    public MailLimits withMaxLineBytes(int v) {
        return new MailLimits(v, maxConnections, maxSessions, sessionTimeout, idleTimeout, handshakeTimeout,
                maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another maxConnections. */
    public MailLimits withMaxConnections(int v) {
        return new MailLimits(maxLineBytes, v, maxSessions, sessionTimeout, idleTimeout, handshakeTimeout,
                maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another maxSessions. */
    public MailLimits withMaxSessions(int v) {
        return new MailLimits(maxLineBytes, maxConnections, v, sessionTimeout, idleTimeout, handshakeTimeout,
                maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another sessionTimeout. */
    public MailLimits withSessionTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, v, idleTimeout, handshakeTimeout,
                maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another idleTimeout. */
    public MailLimits withIdleTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, v, handshakeTimeout,
                maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another handshakeTimeout. */
    public MailLimits withHandshakeTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout, v,
                maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another maxMailboxMessages. */
    public MailLimits withMaxMailboxMessages(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout,
                handshakeTimeout, v, maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another maxMailboxBytes. */
    public MailLimits withMaxMailboxBytes(long v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout,
                handshakeTimeout, maxMailboxMessages, v, maxSendsPerMinute, maxPipelined, maxPendingLogins,
                throttle);
    }

    /** A copy with another maxSendsPerMinute. */
    public MailLimits withMaxSendsPerMinute(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout,
                handshakeTimeout, maxMailboxMessages, maxMailboxBytes, v, maxPipelined, maxPendingLogins, throttle);
    }

    /** A copy with another maxPipelined. */
    public MailLimits withMaxPipelined(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout,
                handshakeTimeout, maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, v, maxPendingLogins,
                throttle);
    }

    /** A copy with another maxPendingLogins. */
    public MailLimits withMaxPendingLogins(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout,
                handshakeTimeout, maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined, v,
                throttle);
    }

    /** A copy with another throttle. */
    public MailLimits withThrottle(LoginThrottle.Policy v) {
        return new MailLimits(maxLineBytes, maxConnections, maxSessions, sessionTimeout, idleTimeout,
                handshakeTimeout, maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute, maxPipelined,
                maxPendingLogins, v);
    }
}
