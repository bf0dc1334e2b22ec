package dev.courier.kv.store.redis;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionStore.Stored;
import dev.courier.kv.store.SessionTable;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A binding held by this node, and the node's copy of the session. While the lease holds nobody else can change the
 * session (every write carries the lease's token, and Redis refuses a stale one), so the copy is the session: the
 * limits are checked and GETs answered from it, and only changes travel, those of one event-loop pass together.
 * A GET waits until the changes before it are confirmed, and is answered only while the lease is known to be alive
 * (a node paused past its lease answers ERROR). When Redis did not answer a change, its fate is unknown: the copy is
 * dropped and read again from Redis before the next command.
 */
final class RedisHold implements SessionStore.Hold {
    /** What one pass sends for this session; {@code mode} is one of W, E, R, L (see write.lua). */
    record Batch(RedisHold hold, byte mode, boolean fresh, Map<String, byte[]> changes,
                 CompletableFuture<Boolean> confirmed) {
    }

    final String id;
    final byte[] token;
    final byte[][] keys;
    /** The event loop of the binding's connection: every batch of this session is sent from it, so in order. */
    final EventExecutor home;
    private final RedisWriter writer;
    private final MemoryBudget budget;
    private final int maxKeys;
    private final long maxBytes;
    /**
     * Open mode: the creating address's set this session is counted in, and its member there (id and incarnation);
     * null when not counted. Set before the hold is published.
     */
    byte[] addressKey;
    byte[] addressMember;
    /** The session goes when its connection ends (the RSA edition, or no resume window): set before publication. */
    boolean endsWithConnection;
    /** Set when Redis refused the token: the lease lapsed and the session may be another node's now. */
    volatile boolean lost;
    /** {@link System#nanoTime()} until which the lease is known to be held. */
    private volatile long validUntil;

    // Guarded by this.
    /** The copy; null while it is unknown (not loaded yet, or dropped after a change Redis did not answer). */
    private Map<String, byte[]> data;
    private long bytes;
    private long charged;
    private LinkedHashMap<String, byte[]> changes = new LinkedHashMap<>();
    private byte end;
    private boolean fresh;
    private boolean load;
    private boolean loading;
    private boolean scheduled;
    private boolean ended;
    /** Confirms the changes of this pass (true) or says the lease is lost (false); null until one is made. */
    private CompletableFuture<Boolean> pass;
    /** The confirmation of the last batch sent. */
    private CompletableFuture<Boolean> tail;
    /** Commands waiting for the copy: each either runs again or fails. */
    private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();

    /** A command waiting for the copy. */
    private record Deferred(Runnable retry, Consumer<Throwable> fail) {
    }

    RedisHold(String id, String token, RedisKeys k, EventExecutor home, RedisWriter writer, MemoryBudget budget,
              int maxKeys, long maxBytes) {
        this.id = id;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.keys = new byte[][] {k.meta(id), k.data(id), k.lease(id)};
        this.home = home;
        this.writer = writer;
        this.budget = budget;
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
    }

    /** The lease is held until at least {@code until} (nanoTime): its owner renewed it before then minus a margin. */
    void confirmed(long until) {
        if (until - validUntil > 0) {
            validUntil = until;
        }
    }

    private boolean fresh() {
        return System.nanoTime() - validUntil < 0;
    }

    /** Takes the session's data as Redis gave it (HGETALL: field, value, ...); false when the budget cannot. */
    boolean init(List<?> flat) {
        Map<String, byte[]> m = new HashMap<>();
        long b = 0;
        long cost = SessionTable.SESSION_OVERHEAD_BYTES + id.length();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String key = new String((byte[]) flat.get(i), StandardCharsets.UTF_8);
            byte[] value = (byte[]) flat.get(i + 1);
            m.put(key, value);
            b += key.length() + value.length;
            cost += SessionTable.ENTRY_OVERHEAD_BYTES + key.length() + value.length;
        }
        if (!budget.tryCharge(cost)) {
            return false;
        }
        List<Deferred> run;
        synchronized (this) {
            if (lost || ended) {
                budget.release(cost);
            } else {
                data = m;
                bytes = b;
                charged = cost;
                loading = false;
            }
            run = drainDeferred();
        }
        run.forEach(d -> d.retry().run());
        return true;
    }

    CompletionStage<Stored> put(String key, byte[] value) {
        CompletionStage<Stored> out;
        synchronized (this) {
            if (lost || ended) {
                return CompletableFuture.completedFuture(Stored.NO_SESSION);
            }
            if (data == null) {
                return defer(() -> put(key, value));
            }
            byte[] old = data.get(key);
            long after = old == null ? bytes + key.length() + value.length : bytes - old.length + value.length;
            if (old == null && data.size() >= maxKeys) {
                return CompletableFuture.completedFuture(Stored.TOO_MANY_KEYS);
            }
            if (after > maxBytes) {
                return CompletableFuture.completedFuture(Stored.TOO_MANY_BYTES);
            }
            long delta = old == null ? SessionTable.ENTRY_OVERHEAD_BYTES + key.length() + value.length
                    : (long) value.length - old.length;
            if (delta > 0 && !budget.tryCharge(delta)) {
                return CompletableFuture.completedFuture(Stored.NO_MEMORY);
            }
            if (delta < 0) {
                budget.release(-delta);
            }
            charged += delta;
            if (data.isEmpty() && changes.isEmpty()) {
                fresh = true;
            }
            data.put(key, value);
            bytes = after;
            changes.put(key, value);
            out = pass().thenApply(ok -> ok ? Stored.STORED : Stored.NO_SESSION);
        }
        schedule();
        return out;
    }

    CompletionStage<byte[]> get(String key) {
        synchronized (this) {
            if (lost || ended) {
                return CompletableFuture.failedFuture(new LeaseLostException(id));
            }
            if (data == null) {
                return defer(() -> get(key));
            }
            byte[] v = data.get(key);
            byte[] copy = v == null ? null : v.clone();
            CompletableFuture<Boolean> before = pass != null ? pass : tail;
            if (before == null || before.isDone() && !before.isCompletedExceptionally() && before.join()) {
                return fresh() ? CompletableFuture.completedFuture(copy)
                        : CompletableFuture.failedFuture(new LeaseLostException(id, "is not confirmed"));
            }
            return before.thenApply(ok -> {
                if (!ok || !fresh()) {
                    throw new LeaseLostException(id, ok ? "is not confirmed" : "was lost");
                }
                return copy;
            });
        }
    }

    CompletionStage<Boolean> delete(String key) {
        CompletionStage<Boolean> out;
        synchronized (this) {
            if (lost || ended) {
                return CompletableFuture.failedFuture(new LeaseLostException(id));
            }
            if (data == null) {
                return defer(() -> delete(key));
            }
            byte[] old = data.remove(key);
            if (old == null) {
                // Nothing to change; the answer still waits for the changes before it (its order on the wire).
                CompletableFuture<Boolean> before = pass != null ? pass : tail;
                return before == null ? CompletableFuture.completedFuture(true) : before.thenApply(ok -> {
                    if (!ok) {
                        throw new LeaseLostException(id);
                    }
                    return true;
                });
            }
            long delta = SessionTable.ENTRY_OVERHEAD_BYTES + key.length() + old.length;
            budget.release(delta);
            charged -= delta;
            bytes -= key.length() + old.length;
            changes.put(key, null);
            out = pass().thenApply(ok -> {
                if (!ok) {
                    throw new LeaseLostException(id);
                }
                return true;
            });
        }
        schedule();
        return out;
    }

    /** Ends the binding: {@code E} erases the session, {@code R} releases it; completes when Redis confirms. */
    CompletionStage<Boolean> end(byte mode) {
        CompletionStage<Boolean> out;
        List<Deferred> run;
        synchronized (this) {
            if (lost || ended) {
                return CompletableFuture.completedFuture(false);
            }
            ended = true;
            end = mode;
            out = pass();
            forget();
            run = drainDeferred();
        }
        run.forEach(d -> d.retry().run());
        schedule();
        return out;
    }

    /** Redis refused the token: nothing more is sent for this binding. */
    void lost() {
        List<Deferred> run;
        synchronized (this) {
            lost = true;
            forget();
            run = drainDeferred();
        }
        run.forEach(d -> d.retry().run());
    }

    /** A batch went unanswered (its fate unknown): the copy is read again before the next command. */
    void failed(Throwable e) {
        List<Deferred> run;
        synchronized (this) {
            forget();
            run = drainDeferred();
        }
        // The commands that waited for the copy fail as the load did (no retry: each would wait the timeout
        // again); the next command asks for the copy again.
        run.forEach(d -> d.fail().accept(e));
    }

    /** What this pass sends, or null when nothing; the next changes go to the next pass. */
    synchronized Batch take() {
        scheduled = false;
        if (pass == null && !load) {
            return null;
        }
        byte mode = end != 0 ? end : load ? (byte) 'L' : (byte) 'W';
        Batch b = new Batch(this, mode, fresh, changes, pass == null ? new CompletableFuture<>() : pass);
        tail = b.confirmed();
        changes = new LinkedHashMap<>();
        pass = null;
        fresh = false;
        load = false;
        return b;
    }

    private CompletableFuture<Boolean> pass() {
        if (pass == null) {
            pass = new CompletableFuture<>();
        }
        return pass;
    }

    private void schedule() {
        synchronized (this) {
            if (scheduled) {
                return;
            }
            scheduled = true;
        }
        writer.schedule(this);
    }

    /** Queues {@code op} until the copy is loaded, and asks for the load. */
    private <T> CompletionStage<T> defer(Supplier<CompletionStage<T>> op) {
        CompletableFuture<T> out = new CompletableFuture<>();
        deferred.add(new Deferred(() -> op.get().whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                out.complete(v);
            }
        }), out::completeExceptionally));
        if (!loading) {
            loading = true;
            load = true;
            schedule();
        }
        return out;
    }

    /** Drops the copy and gives back its memory. */
    private void forget() {
        data = null;
        loading = false;
        budget.release(charged);
        charged = 0;
        bytes = 0;
    }

    private List<Deferred> drainDeferred() {
        List<Deferred> run = List.copyOf(deferred);
        deferred.clear();
        return run;
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
