package dev.courier.kv.client;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvDialect;
import java.time.Duration;

/**
 * How a client reaches a KV server.
 *
 * @param host     server host (the certificate must name it, unless trust is insecure)
 * @param port     server port
 * @param trust    how the server's certificate is checked
 * @param clientId the session id to CONNECT to
 * @param hash     the 32-byte PBKDF2 password hash (see {@code Pbkdf2.kvHash})
 * @param timeout  how long to wait for the connection and for each answer
 * @param maxMessageBytes longest answer accepted, LF included
 * @param dialect  how messages are framed: the spec's LF lines, or one TLS record (RSA block) per message, one
 *                 command at a time, as the 2023 programs do
 */
public record KvClientConfig(String host, int port, ClientTrust trust, String clientId, byte[] hash,
                             Duration timeout, int maxMessageBytes, KvDialect dialect) {
    /** Default time to wait for a connection or an answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** A config of the LF dialect. */
    public KvClientConfig(String host, int port, ClientTrust trust, String clientId, byte[] hash, Duration timeout,
                          int maxMessageBytes) {
        this(host, port, trust, clientId, hash, timeout, maxMessageBytes, KvDialect.LF);
    }

    /** A config with the default timeout and message limit. */
    public static KvClientConfig of(String host, int port, ClientTrust trust, String clientId, byte[] hash) {
        return new KvClientConfig(host, port, trust, clientId, hash, DEFAULT_TIMEOUT, KvLimits.DEFAULT_MAX_MESSAGE_BYTES);
    }

    /** A copy with another timeout. */
    public KvClientConfig withTimeout(Duration t) {
        return new KvClientConfig(host, port, trust, clientId, hash, t, maxMessageBytes, dialect);
    }

    /** A copy speaking {@code d}. */
    public KvClientConfig withDialect(KvDialect d) {
        return new KvClientConfig(host, port, trust, clientId, hash, timeout, maxMessageBytes, d);
    }
}
