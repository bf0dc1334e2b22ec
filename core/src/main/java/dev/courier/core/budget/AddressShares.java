package dev.courier.core.budget;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-address shares of a memory budget, for what peer addresses create and hold (KV sessions in open mode): each
 * address holds at most {@code maxHoldersPerAddress} holders (sessions), and all its holders together charge one
 * {@link MemoryBudget#share share} of the parent capped at {@code capPerAddress}. An address is forgotten when its
 * last holder is released, so the map holds only addresses that hold something.
 */
public final class AddressShares {
    /** What one address holds: its count of holders and the share they all charge. */
    private static final class Entry {
        int holders;
        final MemoryBudget share;

        Entry(MemoryBudget share) {
            this.share = share;
        }
    }

    private final MemoryBudget parent;
    private final long capPerAddress;
    private final int maxHoldersPerAddress;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Shares of {@code parent} of at most {@code capPerAddress} bytes, for at most {@code maxHolders} each. */
    public AddressShares(MemoryBudget parent, long capPerAddress, int maxHoldersPerAddress) {
        if (maxHoldersPerAddress < 1 || capPerAddress < 1) {
            throw new IllegalArgumentException("per-address limits must be at least 1, were "
                    + maxHoldersPerAddress + " holders and " + capPerAddress + " bytes");
        }
        this.parent = parent;
        this.capPerAddress = capPerAddress;
        this.maxHoldersPerAddress = maxHoldersPerAddress;
    }

    /**
     * One more holder for {@code key}: the share its charges go to, or null (nothing taken) if the address holds
     * its maximum of holders already.
     */
    public MemoryBudget acquire(String key) {
        MemoryBudget[] taken = new MemoryBudget[1];
        entries.compute(key, (k, e) -> {
            if (e == null) {
                e = new Entry(parent.share("address " + k, capPerAddress));
            }
            if (e.holders < maxHoldersPerAddress) {
                e.holders++;
                taken[0] = e.share;
            }
            return e.holders == 0 ? null : e;
        });
        return taken[0];
    }

    /**
     * One more holder for {@code key} even past the holder cap: for what was held before a restart, which is kept
     * (never silently dropped) when the cap has been lowered since; new holders are refused until it is back under.
     */
    public MemoryBudget acquireRestored(String key) {
        MemoryBudget[] taken = new MemoryBudget[1];
        entries.compute(key, (k, e) -> {
            if (e == null) {
                e = new Entry(parent.share("address " + k, capPerAddress));
            }
            e.holders++;
            taken[0] = e.share;
            return e;
        });
        return taken[0];
    }

    /** Gives back one holder of {@code key}; its charges must have been released before. */
    public void release(String key) {
        entries.computeIfPresent(key, (k, e) -> --e.holders <= 0 ? null : e);
    }

    /** Holders {@code key} has now. */
    public int held(String key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.holders;
    }

    /** Bytes charged by {@code key}'s holders now. */
    public long used(String key) {
        Entry e = entries.get(key);
        return e == null ? 0 : e.share.used();
    }

    /** Addresses that hold something now. */
    public int addresses() {
        return entries.size();
    }

    /** The cap of each address's share, in bytes. */
    public long capPerAddress() {
        return capPerAddress;
    }
}
