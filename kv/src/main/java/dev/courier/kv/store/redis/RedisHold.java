package dev.courier.kv.store.redis;

import dev.courier.kv.store.SessionStore;
import java.nio.charset.StandardCharsets;

/** A binding held by this node: the session, the lease's token every command carries, and whether it was lost. */
final class RedisHold implements SessionStore.Hold {
    final String id;
    final byte[] token;
    final byte[][] keys;
    /** Set when Redis refused the token: the lease lapsed and the session may be another node's now. */
    volatile boolean lost;

    RedisHold(String id, String token, RedisKeys k) {
        this.id = id;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.keys = new byte[][] {k.meta(id), k.data(id), k.lease(id)};
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return "RedisHold[" + id + "]";
    }
}
