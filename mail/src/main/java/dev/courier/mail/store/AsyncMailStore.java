package dev.courier.mail.store;

import dev.courier.core.metrics.LatencyHistogram;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link MailStore} behind bounded queues, so no event loop ever waits on JDBC. Deliveries go through group
 * commit: writer threads take every message waiting (up to a batch) and commit them in one transaction, so many
 * concurrent sends share one commit and one fsync. Other operations run on a small pool of reader threads.
 */
public final class AsyncMailStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsyncMailStore.class);

    /**
     * How the queues and threads are sized.
     *
     * @param writerThreads   threads committing delivery batches
     * @param maxBatch        most messages in one delivery transaction
     * @param maxPendingSends messages waiting for a writer; more are refused at once
     * @param readerThreads   threads for every other operation
     * @param maxPendingOps   other operations waiting for a reader; more are refused at once
     */
    public record Settings(int writerThreads, int maxBatch, int maxPendingSends, int readerThreads, int maxPendingOps) {
        /** Defaults: 1 writer, batches of up to 512, 10 000 waiting sends, 4 readers, 1 000 waiting operations. */
        public static Settings defaults() {
            return new Settings(1, 512, 10_000, 4, 1_000);
        }

        /** Checks every value is positive. */
        public Settings {
            if (writerThreads < 1 || maxBatch < 1 || maxPendingSends < 1 || readerThreads < 1 || maxPendingOps < 1) {
                throw new IllegalArgumentException("store threads and queues must be positive");
            }
        }

        /** Connections the store needs at most. */
        public int connections() {
            return writerThreads + readerThreads;
        }
    }

    private record Pending(NewMessage message, CompletableFuture<Delivery> result) {
    }

    private final MailStore store;
    private final MailboxQuota quota;
    private final Settings settings;
    private final BlockingQueue<Pending> sends;
    private final List<Thread> writers = new ArrayList<>();
    private final ThreadPoolExecutor readers;
    private volatile boolean closed;
    /** Time of each delivery transaction, commit included (one per batch, whatever its size). */
    private final LatencyHistogram commitLatency = new LatencyHistogram();

    /** Wraps {@code store}; deliveries are checked against {@code quota}. */
    public AsyncMailStore(MailStore store, MailboxQuota quota, Settings settings) {
        this.store = store;
        this.quota = quota;
        this.settings = settings;
        this.sends = new ArrayBlockingQueue<>(settings.maxPendingSends());
        this.readers = new ThreadPoolExecutor(settings.readerThreads(), settings.readerThreads(), 0,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(settings.maxPendingOps()), r -> {
                    Thread t = new Thread(r, "mail-db-read");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        for (int i = 0; i < settings.writerThreads(); i++) {
            Thread t = new Thread(this::writeLoop, "mail-db-commit-" + i);
            t.setDaemon(true);
            t.start();
            writers.add(t);
        }
    }

    /** Queues a message for the next group commit; the future completes once its transaction is durable. */
    public CompletableFuture<Delivery> deliver(NewMessage m) {
        CompletableFuture<Delivery> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new StoreBusyException("the store is closing"));
        } else if (!sends.offer(new Pending(m, f))) {
            f.completeExceptionally(new StoreBusyException(settings.maxPendingSends() + " messages already wait"));
        }
        return f;
    }

    /** Runs any other store operation on a reader thread. */
    public <T> CompletableFuture<T> submit(Function<MailStore, T> op) {
        CompletableFuture<T> f = new CompletableFuture<>();
        try {
            readers.execute(() -> {
                try {
                    f.complete(op.apply(store));
                } catch (RuntimeException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(new StoreBusyException(settings.maxPendingOps()
                    + " store operations already wait"));
        }
        return f;
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>(settings.maxBatch());
        List<NewMessage> messages = new ArrayList<>(settings.maxBatch());
        while (true) {
            try {
                Pending first = sends.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                sends.drainTo(batch, settings.maxBatch() - 1);
            } catch (InterruptedException e) {
                if (sends.isEmpty()) {
                    return;
                }
                sends.drainTo(batch, settings.maxBatch());
            }
            for (Pending p : batch) {
                messages.add(p.message());
            }
            long start = System.nanoTime();
            try {
                List<Delivery> results = store.deliver(messages, quota);
                commitLatency.recordSince(start);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).result().complete(results.get(i));
                }
            } catch (RuntimeException e) {
                LOG.warn("a delivery batch of {} failed: {}", batch.size(), e.toString());
                for (Pending p : batch) {
                    p.result().completeExceptionally(e);
                }
            }
            batch.clear();
            messages.clear();
        }
    }

    /** The store underneath. */
    public MailStore store() {
        return store;
    }

    /** The time each delivery transaction took to commit (for metrics). */
    public LatencyHistogram commitLatency() {
        return commitLatency;
    }

    /** Whether the store is closing or closed: it takes no more work. */
    public boolean closed() {
        return closed;
    }

    /** Messages waiting for a writer now. */
    public int pendingSends() {
        return sends.size();
    }

    /**
     * Stops taking work, commits the messages already queued, waits for the threads, and closes the store
     * underneath.
     */
    @Override
    public void close() {
        closed = true;
        for (Thread t : writers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        shutdown(readers);
        Pending p;
        while ((p = sends.poll()) != null) {
            p.result().completeExceptionally(new StoreBusyException("the store closed"));
        }
        store.close();
    }

    private static void shutdown(ExecutorService e) {
        e.shutdown();
        try {
            if (!e.awaitTermination(10, TimeUnit.SECONDS)) {
                e.shutdownNow();
            }
        } catch (InterruptedException ie) {
            e.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
