package dev.courier.core.budget;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server-wide memory budget, like Redis's {@code maxmemory}: every byte a peer makes the server hold (KV
 * session data, transfer bodies kept in memory, buffered requests) is charged here as it arrives and released
 * when it is let go. A charge that would pass the limit is refused, and the caller answers with an error
 * instead of allocating: the process never gets near an {@link OutOfMemoryError} through a peer.
 *
 * <p>Charges are estimates of what the JVM holds (payload plus a fixed overhead per object the caller names),
 * not exact heap figures; the limit is therefore a share of the heap, not all of it.
 *
 * <p>A budget can hand out {@linkplain #share shares}: a share is a budget of its own, capped lower, whose charges
 * are also charged to its parent, so it refuses past its own cap or past the parent's limit. One service (or one
 * peer address) charging its share can therefore spend at most its cap of the whole, whatever it does.
 */
public final class MemoryBudget {
    /** The share of the JVM's maximum heap that the default budget allows. */
    public static final double DEFAULT_HEAP_SHARE = 0.5;

    private final String name;
    private final MemoryBudget parent;
    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final LongAdder refused = new LongAdder();

    /** A budget of {@code limit} bytes (at least 1). */
    public MemoryBudget(long limit) {
        this("memory budget", null, limit);
    }

    private MemoryBudget(String name, MemoryBudget parent, long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a memory budget must be at least 1 byte, was " + limit);
        }
        this.name = name;
        this.parent = parent;
        this.limit = limit;
    }

    /**
     * A share of this budget named {@code name}: charges to it are charged here too, and it refuses past
     * {@code cap} or past this budget's limit, whichever comes first. A cap above this budget's limit is
     * lowered to it.
     */
    public MemoryBudget share(String name, long cap) {
        return new MemoryBudget(name, this, Math.min(cap, limit));
    }

    /** The default budget: {@link #DEFAULT_HEAP_SHARE} of the JVM's maximum heap. */
    public static long defaultLimit() {
        return (long) (Runtime.getRuntime().maxMemory() * DEFAULT_HEAP_SHARE);
    }

    /** A budget that never refuses (for tests and embedded uses that bound memory otherwise). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    /** Charges {@code bytes} if they fit under the limit; false (and nothing charged) if not. */
    public boolean tryCharge(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative charge: " + bytes);
        }
        while (true) {
            long u = used.get();
            long after = u + bytes;
            if (after > limit || after < 0) {
                for (MemoryBudget b = this; b != null; b = b.parent) {
                    b.refused.increment();
                }
                return false;
            }
            if (used.compareAndSet(u, after)) {
                break;
            }
        }
        if (parent != null && !parent.tryCharge(bytes)) {
            // Charged here first, so that concurrent charges never pass this cap; the parent refused (and counted
            // it in its own chain): undo.
            used.addAndGet(-bytes);
            refused.increment();
            return false;
        }
        return true;
    }

    /** Charges {@code bytes} whatever the limit (memory already held, such as data restored at start). */
    public void forceCharge(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative charge: " + bytes);
        }
        used.addAndGet(bytes);
        if (parent != null) {
            parent.forceCharge(bytes);
        }
    }

    /** Gives back {@code bytes} charged earlier. */
    public void release(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative release: " + bytes);
        }
        long after = used.addAndGet(-bytes);
        if (parent != null) {
            parent.release(bytes);
        }
        if (after < 0) {
            // A release without its charge is a bug of the caller; clamp so the budget stays usable.
            used.compareAndSet(after, 0);
            throw new IllegalStateException("released " + bytes + " bytes more than charged");
        }
    }

    /** A lease that holds charges for one owner (a connection, a message) and gives them all back on close. */
    public Lease lease() {
        return new Lease(this);
    }

    /** Bytes charged now. */
    public long used() {
        return used.get();
    }

    /** The limit in bytes. */
    public long limit() {
        return limit;
    }

    /** Bytes that can still be charged: under this budget's limit and, for a share, under its parent's. */
    public long available() {
        long here = Math.max(0, limit - used.get());
        return parent == null ? here : Math.min(here, parent.available());
    }

    /** The name given to this budget or share (for logs). */
    public String name() {
        return name;
    }

    /** The budget this is a share of, or null for a top-level budget. */
    public MemoryBudget parent() {
        return parent;
    }

    /** Charges refused since start, here or by any share of this budget. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public String toString() {
        return name + ": " + used() + " of " + limit + " bytes";
    }

    /** Charges held by one owner; {@link #close()} releases what is left, so an owner that dies leaks nothing. */
    public static final class Lease implements AutoCloseable {
        private final MemoryBudget budget;
        private long held;
        private boolean closed;

        private Lease(MemoryBudget budget) {
            this.budget = budget;
        }

        /** Charges {@code bytes} to the budget under this lease; false if the budget (or a closed lease) refuses. */
        public synchronized boolean tryCharge(long bytes) {
            if (closed || !budget.tryCharge(bytes)) {
                return false;
            }
            held += bytes;
            return true;
        }

        /** Gives back {@code bytes} of this lease's charges. */
        public synchronized void release(long bytes) {
            if (bytes > held) {
                throw new IllegalStateException("releasing " + bytes + " bytes of a lease holding " + held);
            }
            held -= bytes;
            budget.release(bytes);
        }

        /** Bytes held by this lease now. */
        public synchronized long held() {
            return held;
        }

        /** Releases everything this lease holds; later charges are refused. */
        @Override
        public synchronized void close() {
            closed = true;
            if (held > 0) {
                budget.release(held);
                held = 0;
            }
        }
    }
}
