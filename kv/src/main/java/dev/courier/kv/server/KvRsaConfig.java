package dev.courier.kv.server;

import dev.courier.kv.rsa.RsaFrontHandler;
import java.security.KeyPair;

/**
 * The legacy RSA edition's listener, a second front door of the KV server (spec section 8).
 *
 * @param host        address to bind
 * @param port        port to bind, 0 for any free one
 * @param keys        the server's key pair, or null to make one of {@code bits}
 * @param bits        size of the key made when {@code keys} is null
 * @param maxPemBytes most bytes a peer's PEM public key may take
 */
public record KvRsaConfig(String host, int port, KeyPair keys, int bits, int maxPemBytes) {
    /** A listener on {@code host:port} with a new key of {@code bits} and the default PEM bound. */
    public static KvRsaConfig of(String host, int port, int bits) {
        return new KvRsaConfig(host, port, null, bits, RsaFrontHandler.DEFAULT_MAX_PEM_BYTES);
    }

    /** A listener on {@code host:port} with a given key pair (tests, or a key kept by the operator). */
    public static KvRsaConfig of(String host, int port, KeyPair keys) {
        return new KvRsaConfig(host, port, keys, 0, RsaFrontHandler.DEFAULT_MAX_PEM_BYTES);
    }

    /** A copy with another PEM bound. */
    public KvRsaConfig withMaxPemBytes(int v) {
        return new KvRsaConfig(host, port, keys, bits, v);
    }
}
