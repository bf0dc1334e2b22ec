package dev.courier.kv.protocol;

/** A request a KV client sends, as the decoder read it. */
public sealed interface KvRequest {
    /** {@code CONNECT id} followed by the 32 raw hash bytes (absent, null, in the RSA edition). */
    record Connect(String clientId, byte[] hash) implements KvRequest {
    }

    /** {@code PUT key} and its value message; the bytes are raw and checked by the command. */
    record Put(String key, byte[] value) implements KvRequest {
    }

    /** {@code GET key}. */
    record Get(String key) implements KvRequest {
    }

    /** {@code DELETE key}. */
    record Delete(String key) implements KvRequest {
    }

    /** {@code DISCONNECT}. */
    record Disconnect() implements KvRequest {
    }

    /** Anything else (spec section 5): the connection is dropped and its session erased. */
    record Violation(String reason) implements KvRequest {
    }
}
