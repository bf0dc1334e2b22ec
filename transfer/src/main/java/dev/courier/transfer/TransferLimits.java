package dev.courier.transfer;

import dev.courier.transfer.protocol.TransferProtocol;
import java.time.Duration;

/**
 * Every limit of a transfer receiver (spec sections 3 and 5, and issue 11's budgets), with the defaults as named
 * constants. Passing one is answered {@code ERR}.
 *
 * @param maxSize          largest body accepted, in bytes (and never more than the free disk)
 * @param maxTextBytes     largest body kept in memory (the per-message in-memory cap); a larger one is streamed to
 *                         disk and may only be a file
 * @param idleTimeout      how long the receiver waits for the sender's next bytes
 * @param maxConnections   open connections; more are answered {@code ERR} and closed
 * @param maxNacks         NACKs for one message before the receiver answers {@code ERR}
 * @param maxChunkBytes    largest chunk the receiver asks for
 * @param maxTrailerBytes  longest trailer line, CR LF included
 * @param maxPendingDeliveries delivered messages not yet taken by {@code listen} or a handler; more are refused
 * @param headerTimeout    a frame header (and the whole first frame of a connection, from connecting) must arrive
 *                         within this, however its bytes trickle: a deadline, not an idle timer
 * @param minBodyRate      bytes per second a chunk must at least arrive at: a chunk of n bytes must be complete
 *                         within {@code headerTimeout + n / minBodyRate}
 * @param maxConnectionsPerAddress open connections from one address (IPv6: one /64); more are answered {@code ERR}
 */
public record TransferLimits(long maxSize, int maxTextBytes, Duration idleTimeout, int maxConnections, int maxNacks,
                             int maxChunkBytes, int maxTrailerBytes, int maxPendingDeliveries, Duration headerTimeout,
                             long minBodyRate, int maxConnectionsPerAddress) {
    /** Spec default: 64 GiB. */
    public static final long DEFAULT_MAX_SIZE = 64L << 30;
    /** Default: bodies up to 4 MiB are held in memory and may be texts or JSON documents. */
    public static final int DEFAULT_MAX_TEXT_BYTES = 4 << 20;
    /** Spec default: 30 s. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** Spec default: 1 000 connections. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    /** Spec default: 10 NACKs per message. */
    public static final int DEFAULT_MAX_NACKS = 10;
    /** Spec default: chunks grow up to 1 MiB. */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 1 << 20;
    /** Default: 1 000 messages waiting to be taken. */
    public static final int DEFAULT_MAX_PENDING_DELIVERIES = 1000;
    /** Default: 10 s for a frame header, or for the first frame after connecting (like KV's CONNECT deadline). */
    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** Default: 4 KiB/s, so a 1 MiB chunk may take 10 s + 256 s; slower is a slot held for nothing. */
    public static final long DEFAULT_MIN_BODY_RATE = 4096;
    /** Default: 32 connections from one address, so about 31 addresses are needed to fill 1 000 slots. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 32;
    /** Largest in-memory body the JVM can hold in one array. */
    public static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    /** Checks the values are usable. */
    public TransferLimits {
        if (maxSize < 0 || maxTextBytes < 0 || maxTextBytes > MAX_ARRAY_BYTES) {
            throw new IllegalArgumentException("sizes must not be negative, and texts at most " + MAX_ARRAY_BYTES);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("the header timeout must be positive");
        }
        if (minBodyRate < 1) {
            throw new IllegalArgumentException("the minimum body rate must be at least 1 byte per second");
        }
        if (maxConnections < 1 || maxConnectionsPerAddress < 1 || maxNacks < 0 || maxChunkBytes < 1
                || maxPendingDeliveries < 1) {
            throw new IllegalArgumentException("connection, chunk and delivery limits must be positive");
        }
        if (maxTrailerBytes < 16) {
            throw new IllegalArgumentException("a trailer must be allowed at least 16 bytes");
        }
    }

    /** The spec's defaults. */
    public static TransferLimits defaults() {
        return new TransferLimits(DEFAULT_MAX_SIZE, DEFAULT_MAX_TEXT_BYTES, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_NACKS, DEFAULT_MAX_CHUNK_BYTES,
                TransferProtocol.MAX_TRAILER_BYTES, DEFAULT_MAX_PENDING_DELIVERIES, DEFAULT_HEADER_TIMEOUT,
                DEFAULT_MIN_BODY_RATE, DEFAULT_MAX_CONNECTIONS_PER_ADDRESS);
    }

    /** How long a frame of {@code frameBytes} bytes may take once expected: the header timeout plus its bytes at
     * the minimum rate (the first frame's 2 048 bytes are covered by the header timeout alone). */
    public Duration frameDeadline(long frameBytes) {
        long extra = Math.max(0, frameBytes - TransferProtocol.FIRST_FRAME_BYTES);
        return headerTimeout.plusMillis(Math.min(extra * 1000 / minBodyRate, Long.MAX_VALUE / 4));
    }

    /** A copy with another largest size. */
    public TransferLimits withMaxSize(long v) {
        return new TransferLimits(v, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another in-memory limit. */
    public TransferLimits withMaxTextBytes(int v) {
        return new TransferLimits(maxSize, v, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another idle timeout. */
    public TransferLimits withIdleTimeout(Duration v) {
        return new TransferLimits(maxSize, maxTextBytes, v, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another connection limit. */
    public TransferLimits withMaxConnections(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, v, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another NACK limit. */
    public TransferLimits withMaxNacks(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, v, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another largest chunk. */
    public TransferLimits withMaxChunkBytes(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, v,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another trailer limit. */
    public TransferLimits withMaxTrailerBytes(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                v, maxPendingDeliveries, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another limit of messages waiting to be taken. */
    public TransferLimits withMaxPendingDeliveries(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, v, headerTimeout, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another header deadline. */
    public TransferLimits withHeaderTimeout(Duration v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, v, minBodyRate, maxConnectionsPerAddress);
    }

    /** A copy with another minimum body rate, in bytes per second. */
    public TransferLimits withMinBodyRate(long v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, v, maxConnectionsPerAddress);
    }

    /** A copy with another per-address connection limit. */
    public TransferLimits withMaxConnectionsPerAddress(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries, headerTimeout, minBodyRate, v);
    }
}
