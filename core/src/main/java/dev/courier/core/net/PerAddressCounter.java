package dev.courier.core.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what each peer address holds (connections, sessions) against a per-address cap. An address whose count
 * falls back to zero is forgotten, so the map holds only addresses that hold something.
 */
public final class PerAddressCounter {
    private final int maxPerAddress;
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** A counter that lets each address hold at most {@code maxPerAddress}. */
    public PerAddressCounter(int maxPerAddress) {
        if (maxPerAddress < 1) {
            throw new IllegalArgumentException("a per-address limit must be at least 1, was " + maxPerAddress);
        }
        this.maxPerAddress = maxPerAddress;
    }

    /** Takes one for {@code key} if it holds fewer than the cap; false (nothing taken) if not. */
    public boolean tryAcquire(String key) {
        boolean[] taken = {false};
        counts.compute(key, (k, c) -> {
            if (c == null) {
                c = new AtomicInteger();
            }
            if (c.get() < maxPerAddress) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    /** Gives back one taken for {@code key}. */
    public void release(String key) {
        counts.computeIfPresent(key, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
    }

    /** What {@code key} holds now. */
    public int held(String key) {
        AtomicInteger c = counts.get(key);
        return c == null ? 0 : c.get();
    }

    /** Addresses that hold something now. */
    public int addresses() {
        return counts.size();
    }

    /** The cap per address. */
    public int maxPerAddress() {
        return maxPerAddress;
    }
}
