package dev.courier.transfer.store;

import dev.courier.core.budget.MemoryBudget;

/**
 * One connection's share of the server-wide memory budget: chunks asked for and bodies held in memory are charged
 * here as their bytes arrive, and everything still held is given back when the connection ends. They stop short of
 * the budget by {@link #HEADROOM_SHARE} of it: bodies go to disk a little early, so that senders holding large
 * bodies cannot leave no room for delivering another sender's small text.
 */
public final class ConnectionMemory implements AutoCloseable {
    /** The share of the budget that bodies and chunks leave free for building delivered texts: one sixteenth. */
    public static final int HEADROOM_SHARE = 16;

    private final MemoryBudget budget;
    private final MemoryBudget.Lease lease;
    private final long headroom;

    /** A share of {@code budget}, holding nothing yet. */
    public ConnectionMemory(MemoryBudget budget) {
        this.budget = budget;
        this.lease = budget.lease();
        this.headroom = budget.limit() / HEADROOM_SHARE;
    }

    /**
     * Charges {@code bytes}; false (nothing charged) when the budget would be left with less than its headroom, or
     * the connection ended.
     */
    public boolean tryCharge(long bytes) {
        if (bytes == 0) {
            return true;
        }
        // A soft check (another connection may charge in between): the headroom is a margin, the limit is exact.
        if (budget.available() - bytes < headroom) {
            return false;
        }
        return lease.tryCharge(bytes);
    }

    /**
     * Gives back {@code bytes} charged earlier. Disk work may finish after the connection ended and {@link #close()}
     * gave everything back; such a late release gives back only what is still held.
     */
    public void release(long bytes) {
        synchronized (lease) {
            long n = Math.min(bytes, lease.held());
            if (n > 0) {
                lease.release(n);
            }
        }
    }

    /** Bytes held now. */
    public long held() {
        return lease.held();
    }

    /** Gives back everything held; later charges are refused. */
    @Override
    public void close() {
        lease.close();
    }
}
