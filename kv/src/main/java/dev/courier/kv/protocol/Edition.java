package dev.courier.kv.protocol;

/** Which edition of the KV protocol a connection speaks. */
public enum Edition {
    /** The TLS edition: CONNECT carries a 32-byte password hash, GET answers with value and CRC-32. */
    TLS,
    /** The legacy RSA edition (spec section 8): CONNECT without hash, GET answered by the bare value. */
    RSA
}
