package dev.courier.core.auth;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A few threads for slow work (password hashes) with a bounded queue, served fairly: each key (a peer's address)
 * holds at most {@code maxPerKey} tasks, queued or running, and the keys with queued work take turns, one task
 * each. So one address, however many tasks it sends, delays another address's task by at most the tasks already
 * running plus one of its own, never by its whole backlog.
 */
public final class FairExecutor implements AutoCloseable {
    /** Refused because the queue of every key together is full. */
    public static class QueueFullException extends RejectedExecutionException {
        QueueFullException(String message) {
            super(message, null);
        }
    }

    /** Refused because the key already holds its share. */
    public static final class KeyFullException extends QueueFullException {
        KeyFullException(String message) {
            super(message);
        }
    }

    private record Task(String key, Runnable body, CompletableFuture<?> future) {
    }

    private final int maxQueued;
    private final int maxPerKey;
    private final Object lock = new Object();
    private final Map<String, ArrayDeque<Task>> queues = new HashMap<>();
    private final Map<String, Integer> held = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private final List<Thread> threads = new ArrayList<>();
    private int queued;
    private boolean closed;

    /** {@code threads} daemon threads named {@code name}; at most {@code maxQueued} waiting, {@code maxPerKey} per key. */
    public FairExecutor(String name, int threads, int maxQueued, int maxPerKey) {
        if (threads < 1 || maxQueued < 1 || maxPerKey < 1) {
            throw new IllegalArgumentException("threads, queue and share must be at least 1");
        }
        this.maxQueued = maxQueued;
        this.maxPerKey = maxPerKey;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, name + "-" + i);
            t.setDaemon(true);
            this.threads.add(t);
            t.start();
        }
    }

    /**
     * Queues {@code work} under {@code key}; the future completes with its result, or fails with
     * {@link KeyFullException} / {@link QueueFullException} at once if there is no room (nothing is queued then).
     */
    public <T> CompletableFuture<T> submit(String key, Supplier<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable body = () -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        };
        synchronized (lock) {
            if (closed) {
                return CompletableFuture.failedFuture(new QueueFullException("closed"));
            }
            int mine = held.getOrDefault(key, 0);
            if (mine >= maxPerKey) {
                return CompletableFuture.failedFuture(new KeyFullException(key + " holds its " + maxPerKey + " tasks"));
            }
            if (queued >= maxQueued) {
                return CompletableFuture.failedFuture(new QueueFullException(queued + " tasks waiting"));
            }
            held.put(key, mine + 1);
            ArrayDeque<Task> q = queues.computeIfAbsent(key, k -> new ArrayDeque<>());
            if (q.isEmpty()) {
                turns.addLast(key); // a key with nothing queued joins the end of the line
            }
            q.addLast(new Task(key, body, f));
            queued++;
            lock.notify();
        }
        return f;
    }

    private void work() {
        while (true) {
            Task task;
            synchronized (lock) {
                while (turns.isEmpty() && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                String key = turns.pollFirst();
                ArrayDeque<Task> q = queues.get(key);
                task = q.pollFirst();
                if (q.isEmpty()) {
                    queues.remove(key);
                } else {
                    turns.addLast(key); // one task per turn: the key goes behind every other waiting key
                }
                queued--;
            }
            try {
                task.body().run();
            } finally {
                synchronized (lock) {
                    held.computeIfPresent(task.key(), (k, n) -> n <= 1 ? null : n - 1);
                }
            }
        }
    }

    /** Tasks waiting (not running) now. */
    public int queued() {
        synchronized (lock) {
            return queued;
        }
    }

    /** Tasks {@code key} holds now, waiting or running. */
    public int held(String key) {
        synchronized (lock) {
            return held.getOrDefault(key, 0);
        }
    }

    /** Stops the threads; waiting tasks fail with {@link QueueFullException}, running ones are interrupted. */
    @Override
    public void close() {
        List<Task> dropped = new ArrayList<>();
        synchronized (lock) {
            closed = true;
            queues.values().forEach(dropped::addAll);
            queues.clear();
            turns.clear();
            queued = 0;
            lock.notifyAll();
        }
        threads.forEach(Thread::interrupt);
        dropped.forEach(t -> t.future().completeExceptionally(new QueueFullException("closed")));
    }
}
