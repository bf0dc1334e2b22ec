package dev.courier.kv.store.redis;

import dev.courier.kv.store.SessionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A binding held by this node: the session, the lease's token every command carries, whether it was lost, and the
 * connection's commands on their way to Redis. One batch is in flight at a time; what the connection sends
 * meanwhile waits here and goes as the next batch, in order (a pipelining client costs one script per batch, not
 * per command).
 */
final class RedisHold implements SessionStore.Hold {
    /** One command of a batch: its op letter, arguments and the answer it waits for. */
    record Op(byte op, byte[] key, byte[] value, byte[] cost, CompletableFuture<Object> result) {
    }

    final String id;
    final byte[] token;
    final byte[][] keys;
    /** Set when Redis refused the token: the lease lapsed and the session may be another node's now. */
    volatile boolean lost;
    // Guarded by this.
    private final ArrayDeque<Op> queued = new ArrayDeque<>();
    private boolean inFlight;
    private boolean ended;

    RedisHold(String id, String token, RedisKeys k) {
        this.id = id;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.keys = new byte[][] {k.meta(id), k.data(id), k.lease(id)};
    }

    /**
     * Queues {@code op}; returns the batch to send now (this op alone) when none is in flight, else null (it goes
     * with the next). After an erase or a release, nothing more is taken: returns an empty list.
     */
    synchronized List<Op> offer(Op op, boolean ends) {
        if (ended) {
            return List.of();
        }
        ended = ends;
        if (inFlight) {
            queued.add(op);
            return null;
        }
        inFlight = true;
        return List.of(op);
    }

    /** The batch that finished; returns the next to send (at most {@code max} ops), or null when none waits. */
    synchronized List<Op> next(int max) {
        if (queued.isEmpty()) {
            inFlight = false;
            return null;
        }
        List<Op> batch = new ArrayList<>(Math.min(max, queued.size()));
        while (!queued.isEmpty() && batch.size() < max) {
            batch.add(queued.poll());
        }
        return batch;
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
