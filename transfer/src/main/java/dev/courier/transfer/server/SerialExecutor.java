package dev.courier.transfer.server;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs one connection's disk tasks one after another, in submission order, on a shared bounded pool. At most one
 * task of a connection sits in the pool's queue, so a queue as long as the connection limit never overflows.
 */
final class SerialExecutor {
    private final Executor pool;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private boolean running;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    /** Queues {@code task}; its future completes on the pool thread that ran it. */
    <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        synchronized (this) {
            tasks.add(r);
            if (running) {
                return f;
            }
            running = true;
        }
        try {
            pool.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Only while shutting down or far over the limits: running here is slow but loses nothing.
            drain();
        }
        return f;
    }

    private void drain() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = tasks.poll();
                if (r == null) {
                    running = false;
                    return;
                }
            }
            r.run();
        }
    }
}
