package dev.courier.mail.command;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The listing bytes each peer address holds, so that one address (with its 64 connections) cannot hold the whole
 * budget's worth of listings: an address that already holds a listing may hold more only within its share.
 */
public final class ListingShares {
    /** An address holding more than one listing may hold at most {@code limit / ADDRESS_SHARE} of the budget. */
    public static final int ADDRESS_SHARE = 4;

    private final ConcurrentHashMap<String, Long> held = new ConcurrentHashMap<>();
    private final long share;

    /** Shares of {@code share} bytes per address. */
    public ListingShares(long share) {
        this.share = share;
    }

    /**
     * Adds {@code bytes} to {@code address}'s listings, of which {@code own} are already the caller's; with
     * {@code enforce}, refuses (false, nothing added) if the address holds another listing and would pass its share.
     */
    boolean tryAdd(String address, long bytes, long own, boolean enforce) {
        boolean[] ok = {true};
        held.compute(address, (k, v) -> {
            long cur = v == null ? 0 : v;
            if (enforce && cur - own > 0 && cur + bytes > share) {
                ok[0] = false;
                return v;
            }
            return cur + bytes;
        });
        return ok[0];
    }

    /** Takes {@code bytes} off {@code address}'s listings. */
    void remove(String address, long bytes) {
        if (bytes > 0) {
            held.computeIfPresent(address, (k, v) -> v - bytes <= 0 ? null : v - bytes);
        }
    }

    /** Bytes {@code address} holds in listings now. */
    public long held(String address) {
        return held.getOrDefault(address, 0L);
    }
}
