package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.config.Portion;
import dev.courier.kv.KvLimits;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Serve's flags for every KV limit of spec section 7, and the throttle of failed CONNECTs. */
final class KvLimitOptions {
    @Option(names = "--kv-max-message", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "" + KvLimits.DEFAULT_MAX_MESSAGE_BYTES,
            description = "Longest message, its LF included; longer is a protocol violation.")
    long kvMaxMessage;

    @Option(names = "--kv-handshake-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "Time for the TLS handshake and a successful CONNECT.")
    Duration kvHandshakeTimeout;

    @Option(names = "--kv-idle-timeout", paramLabel = "DURATION", defaultValue = "300s",
            description = "A silent connection is closed and its session detached (0: never).")
    Duration kvIdleTimeout;

    @Option(names = "--kv-max-connections", paramLabel = "N", defaultValue = "" + KvLimits.DEFAULT_MAX_CONNECTIONS,
            description = "Open connections; more are closed at once.")
    int kvMaxConnections;

    @Option(names = "--kv-max-connections-per-address", paramLabel = "N",
            defaultValue = "" + KvLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Open connections from one address (IPv6: one /64), TLS and RSA listeners together; more "
                    + "are closed at once. Raise it for a load generator with more clients (courier bench -c).")
    int kvMaxConnectionsPerAddress;

    @Option(names = "--kv-max-sessions-per-address", paramLabel = "N",
            defaultValue = "" + KvLimits.DEFAULT_MAX_SESSIONS_PER_ADDRESS,
            description = "Open mode: sessions one address may create and still hold (bound or detached); more "
                    + "get CONNECT: ERROR. Resuming a session is not counted again.")
    int kvMaxSessionsPerAddress;

    @Option(names = "--kv-max-memory-per-address", paramLabel = "SIZE|PCT",
            converter = Converters.PortionConverter.class, defaultValue = "25%",
            description = "Open mode: memory the sessions one address created may hold together (keys, values and "
                    + "overheads, as charged to the memory budget): a size, or a percentage of KV's share of "
                    + "--max-memory. Past it, PUT: ERROR for its sessions (data kept) and CONNECT: ERROR for a new "
                    + "one. Not applied in accounts mode, where an account is one session (--kv-max-session-bytes).")
    Portion kvMaxMemoryPerAddress;

    @Option(names = "--kv-max-sessions", paramLabel = "N", defaultValue = "" + KvLimits.DEFAULT_MAX_SESSIONS,
            description = "Sessions held, bound or detached; more get CONNECT: ERROR.")
    int kvMaxSessions;

    @Option(names = "--kv-max-keys", paramLabel = "N", defaultValue = "" + KvLimits.DEFAULT_MAX_KEYS_PER_SESSION,
            description = "Keys per session; more get PUT: ERROR.")
    int kvMaxKeys;

    @Option(names = "--kv-max-session-bytes", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "64MiB", description = "Bytes of keys plus values per session; more get PUT: ERROR.")
    long kvMaxSessionBytes;

    @Option(names = "--kv-resume-window", paramLabel = "DURATION", defaultValue = "300s",
            description = "How long a detached session waits for its client (0: erased at once).")
    Duration kvResumeWindow;

    @Option(names = "--kv-max-waiting-replies", paramLabel = "N",
            defaultValue = "" + KvLimits.DEFAULT_MAX_WAITING_REPLIES,
            description = "Pipelined requests of one connection served and not yet answered (with "
                    + "--kv-persistence always, until their change is on disk); past it the server reads no more "
                    + "from that connection until answers leave.")
    int kvMaxWaitingReplies;

    @Option(names = "--kv-throttle-failures", paramLabel = "N", defaultValue = "5",
            description = "Failed CONNECTs in a row, per id and per address, before lock-outs start.")
    int kvThrottleFailures;

    @Option(names = "--kv-throttle-lockout", paramLabel = "DURATION", defaultValue = "1s",
            description = "First lock-out; it doubles with each further failure, up to 5 min or this (0: none).")
    Duration kvThrottleLockout;

    /** The limits these flags ask for; a usage error if they do not fit together. */
    KvLimits limits() {
        if (kvMaxMessage > Integer.MAX_VALUE) {
            throw CliFailure.usage("--kv-max-message is too large: " + kvMaxMessage);
        }
        if (kvThrottleFailures < 1) {
            throw CliFailure.usage("--kv-throttle-failures must be at least 1, was " + kvThrottleFailures);
        }
        LoginThrottle.Policy d = LoginThrottle.Policy.defaults();
        Duration maxLockout = kvThrottleLockout.compareTo(d.maxLockout()) > 0 ? kvThrottleLockout : d.maxLockout();
        LoginThrottle.Policy throttle = new LoginThrottle.Policy(kvThrottleFailures, kvThrottleLockout, maxLockout,
                d.forgetAfter(), d.maxTracked());
        try {
            return new KvLimits((int) kvMaxMessage, kvHandshakeTimeout, kvIdleTimeout, kvMaxConnections,
                    kvMaxSessions, kvMaxKeys, kvMaxSessionBytes, kvResumeWindow, throttle, kvMaxConnectionsPerAddress,
                    kvMaxSessionsPerAddress, kvMaxMemoryPerAddress, kvMaxWaitingReplies);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad KV limits: " + e.getMessage());
        }
    }
}
