package dev.courier.kv;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.config.Portion;
import java.time.Duration;

/**
 * Every limit of the KV service (spec section 7), with the defaults as named constants.
 *
 * @param maxMessageBytes  largest message, its LF included
 * @param handshakeTimeout time for the TLS handshake and a successful CONNECT
 * @param idleTimeout      a connection silent this long is closed and its session detached
 * @param maxConnections   open connections; more are closed at once
 * @param maxSessions      sessions held (bound or detached); more are refused with {@code CONNECT: ERROR}
 * @param maxKeysPerSession keys in one session; more are refused with {@code PUT: ERROR}
 * @param maxBytesPerSession bytes of keys plus values in one session; more are refused with {@code PUT: ERROR}
 * @param resumeWindow     how long a detached session waits for its client (0: erased at once)
 * @param throttle         how failed CONNECTs are throttled per id and per address
 * @param maxConnectionsPerAddress open connections from one address (IPv6: one /64), both listeners together;
 *                         more are closed at once
 * @param maxSessionsPerAddress sessions created in open mode by one address and still held (bound or detached);
 *                         more get {@code CONNECT: ERROR}
 * @param maxMemoryPerAddress what the sessions one address created in open mode may hold together (data and
 *                         overheads as the store charges them), a part of KV's memory budget; past it
 *                         {@code PUT: ERROR} for its sessions and {@code CONNECT: ERROR} for a new one
 * @param maxWaitingReplies pipelined requests of one connection served and not yet answered (the store has not
 *                         made them durable yet, or an earlier one is not): past it the server stops reading from
 *                         that connection until answers leave
 */
public record KvLimits(int maxMessageBytes, Duration handshakeTimeout, Duration idleTimeout, int maxConnections,
                       int maxSessions, int maxKeysPerSession, long maxBytesPerSession, Duration resumeWindow,
                       LoginThrottle.Policy throttle, int maxConnectionsPerAddress, int maxSessionsPerAddress,
                       Portion maxMemoryPerAddress, int maxWaitingReplies) {
    /** Spec default: 4096 bytes per message. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4096;
    /** Spec default: 10 s for the handshake and CONNECT. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Spec default: 300 s idle. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(300);
    /** Spec default: 10 000 open connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Spec default: 100 000 sessions. */
    public static final int DEFAULT_MAX_SESSIONS = 100_000;
    /** Spec default: 100 000 keys per session. */
    public static final int DEFAULT_MAX_KEYS_PER_SESSION = 100_000;
    /** Spec default: 64 MiB per session. */
    public static final long DEFAULT_MAX_BYTES_PER_SESSION = 64L << 20;
    /** Spec default: detached sessions wait 300 s. */
    public static final Duration DEFAULT_RESUME_WINDOW = Duration.ofSeconds(300);
    /**
     * Default open connections per address: a tenth of {@link #DEFAULT_MAX_CONNECTIONS}, so one address cannot
     * hold every slot, yet far above what one well-behaved host opens ({@code courier bench -c 50}).
     */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1_000;
    /**
     * Default sessions one address may create in open mode and hold: with the per-session byte cap, it bounds
     * what one address can make the server keep, before the memory budget does.
     */
    public static final int DEFAULT_MAX_SESSIONS_PER_ADDRESS = 1_000;
    /**
     * Default memory the sessions of one address may hold in open mode: a quarter of KV's memory budget, so at
     * least four addresses must fill theirs before KV's budget is spent, while one address alone may still use
     * far more than its 1 000 sessions normally need.
     */
    public static final Portion DEFAULT_MAX_MEMORY_PER_ADDRESS = Portion.ofPercent(25);
    /**
     * Default replies one connection may have waiting: deeper than any pipeline a client needs to fill a link
     * (redis-benchmark's -P 16 is typical), shallow enough that what they hold (charged to the memory budget,
     * at most a GET answer each) stays small.
     */
    public static final int DEFAULT_MAX_WAITING_REPLIES = 1024;
    /** Smallest message limit that still lets a CONNECT line through. */
    public static final int MIN_MESSAGE_BYTES = 16;
    /** Bytes a {@code GET } answer adds around the value: {@code "GET "} and the LF. */
    public static final int GET_REPLY_OVERHEAD = 5;

    /** Checks the values are usable. */
    public KvLimits {
        if (maxMessageBytes < MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException("max message must be at least " + MIN_MESSAGE_BYTES + " bytes");
        }
        if (maxConnections < 1 || maxSessions < 1 || maxKeysPerSession < 1 || maxBytesPerSession < 1
                || maxConnectionsPerAddress < 1 || maxSessionsPerAddress < 1 || maxWaitingReplies < 1) {
            throw new IllegalArgumentException("connection, session, key and byte limits must be positive");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero() || idleTimeout.isNegative()
                || resumeWindow.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive and the resume window not negative");
        }
        if (maxMemoryPerAddress == null) {
            throw new IllegalArgumentException("the memory per address must be given");
        }
    }

    /** The spec's defaults. */
    public static KvLimits defaults() {
        return new KvLimits(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_KEYS_PER_SESSION,
                DEFAULT_MAX_BYTES_PER_SESSION, DEFAULT_RESUME_WINDOW, LoginThrottle.Policy.defaults(),
                DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, DEFAULT_MAX_SESSIONS_PER_ADDRESS, DEFAULT_MAX_MEMORY_PER_ADDRESS,
                DEFAULT_MAX_WAITING_REPLIES);
    }

    /** Longest value a PUT may store: its {@code GET} answer must fit in one message (4091 by default). */
    public int maxValueBytes() {
        return maxMessageBytes - GET_REPLY_OVERHEAD;
    }

    /** A copy with another message limit. */
    public KvLimits withMaxMessageBytes(int v) {
        return new KvLimits(v, handshakeTimeout, idleTimeout, maxConnections, maxSessions, maxKeysPerSession,
                maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another handshake timeout. */
    public KvLimits withHandshakeTimeout(Duration v) {
        return new KvLimits(maxMessageBytes, v, idleTimeout, maxConnections, maxSessions, maxKeysPerSession,
                maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another idle timeout. */
    public KvLimits withIdleTimeout(Duration v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, v, maxConnections, maxSessions, maxKeysPerSession,
                maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another connection limit. */
    public KvLimits withMaxConnections(int v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, v, maxSessions, maxKeysPerSession,
                maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another session limit. */
    public KvLimits withMaxSessions(int v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, v, maxKeysPerSession,
                maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another key limit. */
    public KvLimits withMaxKeysPerSession(int v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions, v,
                maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another byte limit. */
    public KvLimits withMaxBytesPerSession(long v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, v, resumeWindow, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another resume window. */
    public KvLimits withResumeWindow(Duration v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, maxBytesPerSession, v, throttle, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another throttle policy. */
    public KvLimits withThrottle(LoginThrottle.Policy v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, maxBytesPerSession, resumeWindow, v, maxConnectionsPerAddress, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another per-address connection limit. */
    public KvLimits withMaxConnectionsPerAddress(int v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, maxBytesPerSession, resumeWindow, throttle, v, maxSessionsPerAddress,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another per-address session limit. */
    public KvLimits withMaxSessionsPerAddress(int v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress, v,
                maxMemoryPerAddress, maxWaitingReplies);
    }

    /** A copy with another per-address memory share. */
    public KvLimits withMaxMemoryPerAddress(Portion v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress,
                maxSessionsPerAddress, v, maxWaitingReplies);
    }

    /** A copy with another bound on the replies one connection may have waiting. */
    public KvLimits withMaxWaitingReplies(int v) {
        return new KvLimits(maxMessageBytes, handshakeTimeout, idleTimeout, maxConnections, maxSessions,
                maxKeysPerSession, maxBytesPerSession, resumeWindow, throttle, maxConnectionsPerAddress,
                maxSessionsPerAddress, maxMemoryPerAddress, v);
    }
}
