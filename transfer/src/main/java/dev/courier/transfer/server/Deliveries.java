package dev.courier.transfer.server;

import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferMessage;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where delivered messages go: a queue that {@code listen()} takes from, or, once a handler is set, the handler on
 * worker threads. A slot is reserved before a message is finished, so a full receiver refuses rather than grows.
 */
final class Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final Object CLOSED = new Object();

    private final Semaphore slots;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private Consumer<? super TransferMessage> handler;
    private ExecutorService workers;
    private volatile boolean closed;

    Deliveries(int maxPending) {
        this.slots = new Semaphore(maxPending);
    }

    boolean reserve() {
        return !closed && slots.tryAcquire();
    }

    void unreserve() {
        slots.release();
    }

    /** Hands over a message whose slot was reserved. */
    synchronized void deliver(TransferMessage m) {
        if (handler == null) {
            queue.add(m);
            return;
        }
        Consumer<? super TransferMessage> h = handler;
        try {
            workers.execute(() -> {
                try {
                    h.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("message handler failed on a {} message", m.kind(), e);
                } finally {
                    slots.release();
                }
            });
        } catch (RejectedExecutionException e) {
            slots.release();
            LOG.warn("receiver closing: a {} message was not handed to the handler", m.kind());
        }
    }

    /** From now on every message, those waiting first, goes to {@code h} on {@code threads} worker threads. */
    synchronized void handle(Consumer<? super TransferMessage> h, int threads) {
        if (handler != null) {
            throw new IllegalStateException("a handler is already set");
        }
        if (closed) {
            throw new IllegalStateException("the receiver is closed");
        }
        workers = Executors.newFixedThreadPool(threads, new DefaultThreadFactory("transfer-handler", true));
        handler = h;
        Object o;
        while ((o = queue.poll()) != null) {
            if (o == CLOSED) {
                queue.add(CLOSED);
                break;
            }
            deliver((TransferMessage) o);
        }
    }

    TransferMessage take() throws InterruptedException, TransferException {
        return unwrap(queue.take());
    }

    Optional<TransferMessage> poll(Duration timeout) throws InterruptedException, TransferException {
        Object o = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return o == null ? Optional.empty() : Optional.of(unwrap(o));
    }

    private TransferMessage unwrap(Object o) throws TransferException {
        if (o == CLOSED) {
            queue.add(CLOSED);
            throw new TransferException(TransferException.Reason.CLOSED, "the receiver is closed");
        }
        slots.release();
        return (TransferMessage) o;
    }

    synchronized boolean hasHandler() {
        return handler != null;
    }

    void close() {
        closed = true;
        queue.add(CLOSED);
        ExecutorService w;
        synchronized (this) {
            w = workers;
        }
        if (w != null) {
            w.shutdown();
            try {
                w.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
