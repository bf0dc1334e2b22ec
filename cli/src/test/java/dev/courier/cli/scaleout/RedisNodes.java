package dev.courier.cli.scaleout;

import dev.courier.cli.attack.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * What the scale-out ITs share: how a node is started on a shared Redis (KV alone, every port free or off, a short
 * lease and store timeout so that a lost node or an outage shows within seconds) and a password hash per session.
 */
final class RedisNodes {
    /** The lease every node is given: a node that stops renewing loses its sessions after this. */
    static final Duration LEASE = Duration.ofSeconds(1);
    /** How long a node waits for Redis before it answers ERROR. */
    static final Duration STORE_TIMEOUT = Duration.ofMillis(500);
    /** How long a SIGTERM may take. */
    static final Duration STOP = Duration.ofSeconds(20);

    private RedisNodes() {
    }

    /** Starts {@code courier serve} with its own data directory {@code data} (and certificate) on {@code redisUri}. */
    static ServerProcess start(Path data, String redisUri) throws Exception {
        return ServerProcess.start(data, "--kv-store", redisUri, "--kv-lease", LEASE.toMillis() + "ms",
                "--kv-store-timeout", STORE_TIMEOUT.toMillis() + "ms", "--kv-rsa-port", "off", "--mail-port", "off",
                "--transfer-port", "off", "--kv-port", "0");
    }

    /** The 32-byte password hash of session {@code id}: SHA-256 of its id, so each session has its own. */
    static byte[] hash(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("password of " + id).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Redis's key of session {@code id}'s data hash (ids here need no escaping). */
    static String dataKey(String id) {
        return "courier:s:{" + id + "}:d";
    }

    /** Redis's key of session {@code id}'s lease. */
    static String leaseKey(String id) {
        return "courier:s:{" + id + "}:l";
    }

    /** Milliseconds since {@code startNanos}. */
    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
