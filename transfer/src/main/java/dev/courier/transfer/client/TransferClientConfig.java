package dev.courier.transfer.client;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.ByteTransform;
import dev.courier.transfer.protocol.TransferProtocol;
import java.time.Duration;

/**
 * How a sender reaches a receiver.
 *
 * @param host           receiver host (over TLS the certificate must name it, unless trust is insecure)
 * @param port           receiver port
 * @param trust          how the receiver's certificate is checked, or null for plain TCP
 * @param connectTimeout how long to wait for the TCP connection
 * @param replyTimeout   how long to wait for the TLS handshake and for each reply
 * @param maxChunkBytes  largest chunk the sender agrees to send in one frame when the receiver asks for it
 * @param transform      hook that changes body bytes before they are hashed and sent, or null
 * @param credentials    the client certificate (mutual TLS) and token the sender proves itself with
 */
public record TransferClientConfig(String host, int port, ClientTrust trust, Duration connectTimeout,
                                   Duration replyTimeout, int maxChunkBytes, ByteTransform transform,
                                   Credentials credentials) {
    /** The original's 2-second socket timeout, used for connecting. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default wait for a reply; covers the receiver syncing a large file before its last ACK. */
    public static final Duration DEFAULT_REPLY_TIMEOUT = Duration.ofSeconds(120);
    /** Default largest chunk honoured: well above the receivers' default 1 MiB. */
    public static final int DEFAULT_MAX_CHUNK_BYTES = 16 << 20;

    /** Checks the values are usable. */
    public TransferClientConfig {
        if (host == null || port < 1 || port > 65535) {
            throw new IllegalArgumentException("a host and a port 1-65535 are required");
        }
        if (credentials == null) {
            credentials = Credentials.NONE;
        }
        if (credentials.certificate() != null && trust == null) {
            throw new IllegalArgumentException("a client certificate needs TLS");
        }
        if (maxChunkBytes < TransferProtocol.FIRST_CHUNK_BYTES) {
            throw new IllegalArgumentException("the largest chunk must be at least " + TransferProtocol.FIRST_CHUNK_BYTES);
        }
    }

    /** Plain TCP to {@code host:port} with the defaults. */
    public static TransferClientConfig plain(String host, int port) {
        return new TransferClientConfig(host, port, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REPLY_TIMEOUT,
                DEFAULT_MAX_CHUNK_BYTES, null, Credentials.NONE);
    }

    /** TLS to {@code host:port}, checking the certificate by {@code trust}, with the defaults. */
    public static TransferClientConfig tls(String host, int port, ClientTrust trust) {
        return new TransferClientConfig(host, port, trust, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REPLY_TIMEOUT,
                DEFAULT_MAX_CHUNK_BYTES, null, Credentials.NONE);
    }

    /** A copy with another connect timeout. */
    public TransferClientConfig withConnectTimeout(Duration t) {
        return new TransferClientConfig(host, port, trust, t, replyTimeout, maxChunkBytes, transform, credentials);
    }

    /** A copy with another reply timeout. */
    public TransferClientConfig withReplyTimeout(Duration t) {
        return new TransferClientConfig(host, port, trust, connectTimeout, t, maxChunkBytes, transform, credentials);
    }

    /** A copy with another largest chunk. */
    public TransferClientConfig withMaxChunkBytes(int n) {
        return new TransferClientConfig(host, port, trust, connectTimeout, replyTimeout, n, transform, credentials);
    }

    /** A copy with a byte hook (null: none). */
    public TransferClientConfig withTransform(ByteTransform t) {
        return new TransferClientConfig(host, port, trust, connectTimeout, replyTimeout, maxChunkBytes, t,
                credentials);
    }

    /** A copy proving itself with {@code c} (a client certificate needs TLS). */
    public TransferClientConfig withCredentials(Credentials c) {
        return new TransferClientConfig(host, port, trust, connectTimeout, replyTimeout, maxChunkBytes, transform, c);
    }
}
