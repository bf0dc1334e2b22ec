package dev.courier.kv.server;

import dev.courier.kv.store.SessionStore;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Calls {@link SessionStore#flush()} once per event-loop pass, after the loop has read every ready connection: a task
 * queued while the loop reads runs once the reads are done, so one flush (one fsync in {@code always} mode) serves
 * every connection of the pass, as Redis's one fsync before it sleeps does.
 */
public final class StoreFlusher {
    private final SessionStore store;
    /** False for a store whose flush does nothing: then no task is queued per pass. */
    private final boolean needed;
    /** Per event loop: whether a flush is queued already. */
    private final FastThreadLocal<boolean[]> queued = new FastThreadLocal<>() {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    };

    /** Flushes {@code store}. */
    public StoreFlusher(SessionStore store) {
        this.store = store;
        this.needed = store.flushes();
    }

    /** Queues a flush on {@code loop}, the caller's own, unless one is queued already. */
    void request(EventExecutor loop) {
        if (!needed) {
            return;
        }
        boolean[] q = queued.get();
        if (q[0]) {
            return;
        }
        q[0] = true;
        loop.execute(() -> {
            q[0] = false;
            store.flush();
        });
    }
}
