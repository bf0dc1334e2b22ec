package dev.courier.kv.store.redis;

import io.lettuce.core.cluster.SlotHash;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.ThreadExecutorMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Sends the sessions' changes to Redis, those of one event-loop pass together: the first change of a pass queues a
 * task on the loop, which runs once the loop has read every ready connection and sends one script per Redis slot
 * for every session that changed (for one Redis, one script in all). Redis then reads, runs and answers many
 * connections' commands at once instead of one round trip each. A session's batches are all sent from its
 * connection's loop over the one connection to Redis, so they run in the order they were made.
 */
final class RedisWriter {
    /** Most sessions in one script: bounds the arguments' size and the script's run time in Redis. */
    static final int MAX_SESSIONS_PER_SCRIPT = 128;
    /** Most value and key bytes in one script (one session's changes always go together). */
    static final long MAX_SCRIPT_BYTES = 1 << 20;
    private static final byte[] FRESH = {'1'};
    private static final byte[] NOT_FRESH = {'0'};

    private final RedisLink link;
    /** Told of a binding whose token Redis refused. */
    private final Consumer<RedisHold> lost;
    private final boolean cluster;
    private final byte[] ttlMs;
    private final byte[] windowMs;
    /** Per event loop: the sessions that changed in its current pass. */
    private final FastThreadLocal<List<RedisHold>> passes = new FastThreadLocal<>() {
        @Override
        protected List<RedisHold> initialValue() {
            return new ArrayList<>();
        }
    };

    RedisWriter(RedisLink link, boolean cluster, long leaseMs, long windowMs, Consumer<RedisHold> lost) {
        this.link = link;
        this.lost = lost;
        this.cluster = cluster;
        this.ttlMs = ascii(leaseMs + windowMs);
        this.windowMs = ascii(windowMs);
    }

    /** {@code h} has something to send: it goes at the end of its loop's pass (at once off any loop). */
    void schedule(RedisHold h) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (h.home != null && loop != h.home) {
            try {
                h.home.execute(() -> schedule(h));
            } catch (RejectedExecutionException e) {
                send(List.of(h));
            }
            return;
        }
        if (loop == null) {
            send(List.of(h));
            return;
        }
        List<RedisHold> pass = passes.get();
        pass.add(h);
        if (pass.size() == 1) {
            loop.execute(() -> {
                List<RedisHold> now = new ArrayList<>(pass);
                pass.clear();
                send(now);
            });
        }
    }

    private void send(List<RedisHold> holds) {
        Map<Integer, List<RedisHold.Batch>> groups = new LinkedHashMap<>();
        for (RedisHold h : holds) {
            RedisHold.Batch b = h.take();
            if (b != null) {
                int slot = cluster ? SlotHash.getSlot(h.keys[0]) : 0;
                groups.computeIfAbsent(slot, s -> new ArrayList<>()).add(b);
            }
        }
        for (List<RedisHold.Batch> group : groups.values()) {
            int from = 0;
            long size = 0;
            for (int i = 0; i < group.size(); i++) {
                long s = size(group.get(i));
                if (i > from && (i - from == MAX_SESSIONS_PER_SCRIPT || size + s > MAX_SCRIPT_BYTES)) {
                    call(group.subList(from, i));
                    from = i;
                    size = 0;
                }
                size += s;
            }
            call(group.subList(from, group.size()));
        }
    }

    private void call(List<RedisHold.Batch> batches) {
        byte[][] keys = new byte[3 * batches.size()][];
        List<byte[]> args = new ArrayList<>(2 + 6 * batches.size());
        args.add(ttlMs);
        args.add(windowMs);
        int k = 0;
        for (RedisHold.Batch b : batches) {
            RedisHold h = b.hold();
            keys[k++] = h.keys[0];
            keys[k++] = h.keys[1];
            keys[k++] = h.keys[2];
            int sets = 0;
            for (byte[] v : b.changes().values()) {
                if (v != null) {
                    sets++;
                }
            }
            args.add(h.token);
            args.add(new byte[] {b.mode()});
            args.add(b.fresh() ? FRESH : NOT_FRESH);
            args.add(ascii(sets));
            args.add(ascii(b.changes().size() - sets));
            b.changes().forEach((key, v) -> {
                if (v != null) {
                    args.add(key.getBytes(StandardCharsets.UTF_8));
                    args.add(v);
                }
            });
            b.changes().forEach((key, v) -> {
                if (v == null) {
                    args.add(key.getBytes(StandardCharsets.UTF_8));
                }
            });
        }
        List<RedisHold.Batch> mine = List.copyOf(batches);
        link.run(RedisScript.WRITE, keys, args.toArray(byte[][]::new)).whenComplete((v, e) -> settle(mine, v, e));
    }

    private void settle(List<RedisHold.Batch> batches, Object answer, Throwable e) {
        List<?> r = e == null ? (List<?>) answer : null;
        for (int i = 0; i < batches.size(); i++) {
            RedisHold.Batch b = batches.get(i);
            Object x = r == null || i >= r.size() ? null : r.get(i);
            if (e != null || x == null) {
                Throwable why = e != null ? e : new IllegalStateException("the store's answer is short");
                b.hold().failed(why);
                b.confirmed().completeExceptionally(why);
            } else if (x instanceof Long l && l == -1L) {
                lost.accept(b.hold());
                b.confirmed().complete(false);
            } else if (b.mode() == 'L') {
                // The batch's changes were made whether or not the copy fits in the budget.
                if (!b.hold().init((List<?>) x)) {
                    b.hold().failed(new IllegalStateException("the memory budget cannot take session "
                            + b.hold().id));
                }
                b.confirmed().complete(true);
            } else {
                b.confirmed().complete(true);
            }
        }
    }

    private static long size(RedisHold.Batch b) {
        long n = 64;
        for (Map.Entry<String, byte[]> c : b.changes().entrySet()) {
            n += c.getKey().length() + (c.getValue() == null ? 0 : c.getValue().length);
        }
        return n;
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }
}
