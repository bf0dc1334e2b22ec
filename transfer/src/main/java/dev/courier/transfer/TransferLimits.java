package dev.courier.transfer;

import dev.courier.transfer.protocol.TransferProtocol;
import java.time.Duration;

/**
 * Every limit of a transfer receiver (spec sections 3 and 5), with the defaults as named constants. Passing one
 * is answered {@code ERR}.
 *
 * @param maxSize          largest body accepted, in bytes (and never more than the free disk)
 * @param maxTextBytes     largest body kept in memory; a larger one is streamed to disk and may only be a file
 * @param idleTimeout      how long the receiver waits for the sender's next bytes
 * @param maxConnections   open connections; more are answered {@code ERR} and closed
 * @param maxNacks         NACKs for one message before the receiver answers {@code ERR}
 * @param maxChunkBytes    largest chunk the receiver asks for
 * @param maxTrailerBytes  longest trailer line, CR LF included
 * @param maxPendingDeliveries delivered messages not yet taken by {@code listen} or a handler; more are refused
 */
public record TransferLimits(long maxSize, int maxTextBytes, Duration idleTimeout, int maxConnections, int maxNacks,
                             int maxChunkBytes, int maxTrailerBytes, int maxPendingDeliveries) {
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
        if (maxConnections < 1 || maxNacks < 0 || maxChunkBytes < 1 || maxPendingDeliveries < 1) {
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
                TransferProtocol.MAX_TRAILER_BYTES, DEFAULT_MAX_PENDING_DELIVERIES);
    }

    /** A copy with another largest size. */
    public TransferLimits withMaxSize(long v) {
        return new TransferLimits(v, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries);
    }

    /** A copy with another in-memory limit. */
    public TransferLimits withMaxTextBytes(int v) {
        return new TransferLimits(maxSize, v, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries);
    }

    /** A copy with another idle timeout. */
    public TransferLimits withIdleTimeout(Duration v) {
        return new TransferLimits(maxSize, maxTextBytes, v, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries);
    }

    /** A copy with another connection limit. */
    public TransferLimits withMaxConnections(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, v, maxNacks, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries);
    }

    /** A copy with another NACK limit. */
    public TransferLimits withMaxNacks(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, v, maxChunkBytes,
                maxTrailerBytes, maxPendingDeliveries);
    }

    /** A copy with another largest chunk. */
    public TransferLimits withMaxChunkBytes(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, v,
                maxTrailerBytes, maxPendingDeliveries);
    }

    /** A copy with another trailer limit. */
    public TransferLimits withMaxTrailerBytes(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                v, maxPendingDeliveries);
    }

    /** A copy with another limit of messages waiting to be taken. */
    public TransferLimits withMaxPendingDeliveries(int v) {
        return new TransferLimits(maxSize, maxTextBytes, idleTimeout, maxConnections, maxNacks, maxChunkBytes,
                maxTrailerBytes, v);
    }
}
