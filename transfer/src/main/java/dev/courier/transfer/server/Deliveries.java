package dev.courier.transfer.server;

import dev.courier.core.budget.MemoryBudget;
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
 * worker threads. A slot is reserved before a message is finished, so a full receiver refuses rather than grows;
 * the memory a text or JSON message was charged stays charged until it is taken or handled.
 */
final class Deliveries {
    private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
    private static final Object CLOSED = new Object();

    private final Semaphore slots;
    private final MemoryBudget budget;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private Consumer<? super TransferMessage> handler;
    private ExecutorService workers;
    private volatile boolean closed;

    Deliveries(int maxPending, MemoryBudget budget) {
        this.slots = new Semaphore(maxPending);
        this.budget = budget;
    }

    boolean reserve() {
        return !closed && slots.tryAcquire();
    }

    void unreserve() {
        slots.release();
    }

    /** Hands over a message whose slot was reserved. */
    synchronized void deliver(Finisher.Delivered d) {
        if (handler == null) {
            queue.add(d);
            return;
        }
        Consumer<? super TransferMessage> h = handler;
        TransferMessage m = d.message();
        try {
            workers.execute(() -> {
                try {
                    h.accept(m);
                } catch (RuntimeException e) {
                    LOG.warn("message handler failed on a {} message", m.kind(), e);
                } finally {
                    taken(d);
                }
            });
        } catch (RejectedExecutionException e) {
            taken(d);
            LOG.warn("receiver closing: a {} message was not handed to the handler", m.kind());
        }
    }

    /** Frees the slot and the memory of a message taken, handled or dropped. */
    private void taken(Finisher.Delivered d) {
        budget.release(d.charge());
        slots.release();
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
            deliver((Finisher.Delivered) o);
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
        Finisher.Delivered d = (Finisher.Delivered) o;
        taken(d);
        return d.message();
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
