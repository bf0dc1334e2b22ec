package dev.courier.mail;

import dev.courier.core.auth.LoginThrottle;
import java.time.Duration;

/**
 * Every limit of the mail service, with the defaults as named constants. A limit reached is answered
 * {@code ERR:limit:text}.
 *
 * @param maxLineBytes largest line, its LF included; a longer one is answered ERR:limit and the connection closed
 * @param maxConnections open connections; one more is answered ERR:limit and closed
 * @param maxConnectionsPerAddress open connections from one address (IPv6: one /64); one more is answered
 *                                 ERR:limit and closed
 * @param maxSessions sessions held; a login beyond is answered ERR:limit
 * @param maxSessionsPerUser sessions one account holds; a login beyond is answered ERR:limit
 * @param sessionTimeout a session unused this long ends
 * @param idleTimeout a connection silent this long is closed (its session goes on); zero: never
 * @param handshakeTimeout time for the TLS handshake
 * @param loginTimeout time from connecting until a login succeeds or a request names a live session; then
 *                     ERR:limit and the connection is closed
 * @param maxMailboxMessages messages one mailbox holds; more are refused with ERR:limit
 * @param maxMailboxBytes bytes of subjects and bodies one mailbox holds; more are refused with ERR:limit
 * @param maxSendsPerMinute messages one user may send per minute (a bucket refilled evenly); more: ERR:limit
 * @param maxPipelined requests one connection may queue before the server stops reading from it
 * @param maxPendingLogins logins waiting for a password check; more are answered ERR:limit
 * @param maxPendingLoginsPerAddress logins of one address waiting for or in a password check; more are answered
 *                                   ERR:limit (the checks of different addresses take turns)
 * @param throttle how failed logins are throttled per user and per address
 */
public record MailLimits(int maxLineBytes, int maxConnections, int maxConnectionsPerAddress, int maxSessions,
                         int maxSessionsPerUser, Duration sessionTimeout, Duration idleTimeout,
                         Duration handshakeTimeout, Duration loginTimeout, int maxMailboxMessages,
                         long maxMailboxBytes, int maxSendsPerMinute, int maxPipelined, int maxPendingLogins,
                         int maxPendingLoginsPerAddress, LoginThrottle.Policy throttle) {
    /** Default: 64 KiB per line. */
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** Default: 10 000 open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Default: 64 open connections per address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;
    /** Default: 100 000 sessions. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;
    /** Default: 32 sessions per account. */
    public static final int DEFAULT_MAX_SESSIONS_PER_USER = 32;
    /** Default: sessions end after 30 minutes without a request. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofMinutes(30);
    /** Default: connections close after 5 minutes of silence. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Default: 10 s for the TLS handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Default: 30 s from connecting to a login (or a request with a live session). */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(30);
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
    /** Default: 4 logins per address waiting for or in a password check. */
    public static final int DEFAULT_MAX_PENDING_LOGINS_PER_ADDRESS = 4;
    /** Smallest line limit: a login and every reply header must fit. */
    public static final int MIN_LINE_BYTES = 256;

    /** Checks the values are usable. */
    public MailLimits {
        if (maxLineBytes < MIN_LINE_BYTES) {
            throw new IllegalArgumentException("the line limit must be at least " + MIN_LINE_BYTES + " bytes");
        }
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxSessions < 1 || maxSessionsPerUser < 1
                || maxMailboxMessages < 1 || maxMailboxBytes < 1 || maxSendsPerMinute < 1 || maxPipelined < 1
                || maxPendingLogins < 1 || maxPendingLoginsPerAddress < 1) {
            throw new IllegalArgumentException("connection, session, mailbox, send, queue limits must be positive");
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || idleTimeout.isNegative()
                || handshakeTimeout.isNegative() || handshakeTimeout.isZero() || loginTimeout.isNegative()
                || loginTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive (the idle timeout may be zero: never)");
        }
    }

    /** The defaults. */
    public static MailLimits defaults() {
        return new MailLimits(DEFAULT_MAX_LINE_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
                DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_USER, DEFAULT_SESSION_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_LOGIN_TIMEOUT, DEFAULT_MAX_MAILBOX_MESSAGES,
                DEFAULT_MAX_MAILBOX_BYTES, DEFAULT_MAX_SENDS_PER_MINUTE, DEFAULT_MAX_PIPELINED,
                DEFAULT_MAX_PENDING_LOGINS, DEFAULT_MAX_PENDING_LOGINS_PER_ADDRESS, LoginThrottle.Policy.defaults());
    }

    /** A copy with another maxLineBytes. */
    public MailLimits withMaxLineBytes(int v) {
        return new MailLimits(v, maxConnections, maxConnectionsPerAddress, maxSessions, maxSessionsPerUser,
                sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages, maxMailboxBytes,
                maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxConnections. */
    public MailLimits withMaxConnections(int v) {
        return new MailLimits(maxLineBytes, v, maxConnectionsPerAddress, maxSessions, maxSessionsPerUser,
                sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages, maxMailboxBytes,
                maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxConnectionsPerAddress. */
    public MailLimits withMaxConnectionsPerAddress(int v) {
        return new MailLimits(maxLineBytes, maxConnections, v, maxSessions, maxSessionsPerUser, sessionTimeout,
                idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages, maxMailboxBytes, maxSendsPerMinute,
                maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxSessions. */
    public MailLimits withMaxSessions(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, v, maxSessionsPerUser,
                sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages, maxMailboxBytes,
                maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxSessionsPerUser. */
    public MailLimits withMaxSessionsPerUser(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions, v,
                sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages, maxMailboxBytes,
                maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another sessionTimeout. */
    public MailLimits withSessionTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, v, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress,
                throttle);
    }

    /** A copy with another idleTimeout. */
    public MailLimits withIdleTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, v, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress,
                throttle);
    }

    /** A copy with another handshakeTimeout. */
    public MailLimits withHandshakeTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, v, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress,
                throttle);
    }

    /** A copy with another loginTimeout. */
    public MailLimits withLoginTimeout(Duration v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, v, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress,
                throttle);
    }

    /** A copy with another maxMailboxMessages. */
    public MailLimits withMaxMailboxMessages(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, v, maxMailboxBytes,
                maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxMailboxBytes. */
    public MailLimits withMaxMailboxBytes(long v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                v, maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxSendsPerMinute. */
    public MailLimits withMaxSendsPerMinute(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, v, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxPipelined. */
    public MailLimits withMaxPipelined(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, v, maxPendingLogins, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxPendingLogins. */
    public MailLimits withMaxPendingLogins(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, v, maxPendingLoginsPerAddress, throttle);
    }

    /** A copy with another maxPendingLoginsPerAddress. */
    public MailLimits withMaxPendingLoginsPerAddress(int v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, v, throttle);
    }

    /** A copy with another throttle. */
    public MailLimits withThrottle(LoginThrottle.Policy v) {
        return new MailLimits(maxLineBytes, maxConnections, maxConnectionsPerAddress, maxSessions,
                maxSessionsPerUser, sessionTimeout, idleTimeout, handshakeTimeout, loginTimeout, maxMailboxMessages,
                maxMailboxBytes, maxSendsPerMinute, maxPipelined, maxPendingLogins, maxPendingLoginsPerAddress, v);
    }
}
