package dev.courier.transfer.store;

import dev.courier.core.budget.MemoryBudget;

/**
 * One connection's share of the server-wide memory budget: chunks asked for and bodies held in memory are charged
 * here as their bytes arrive, and everything still held is given back when the connection ends.
 */
public final class ConnectionMemory implements AutoCloseable {
    private final MemoryBudget.Lease lease;

    /** A share of {@code budget}, holding nothing yet. */
    public ConnectionMemory(MemoryBudget budget) {
        this.lease = budget.lease();
    }

    /** Charges {@code bytes}; false (nothing charged) when the budget is reached or the connection ended. */
    public boolean tryCharge(long bytes) {
        return bytes == 0 || lease.tryCharge(bytes);
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
