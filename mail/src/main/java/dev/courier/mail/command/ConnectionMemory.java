package dev.courier.mail.command;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.net.LfFrameDecoder;
import dev.courier.mail.protocol.MailRequest;
import dev.courier.mail.store.StoredMessage;

/**
 * One connection's charges to the server's memory budget, held by one lease so that a connection that dies leaks
 * nothing: the unfinished request line past a free allowance, and the listing ({@code dump}, {@code getmsg})
 * being read from the store, encoded and written. A connection runs one request at a time, so it has at most one
 * listing being built; the handler runs no further request while its replies wait unwritten, so at most one is
 * being written.
 */
public final class ConnectionMemory implements LfFrameDecoder.Holding, AutoCloseable {
    /** Bytes of an unfinished request line that cost nothing (the common short request is never charged). */
    public static final int FREE_LINE_BYTES = 4096;
    /**
     * Charged per message of a listing besides its text: the message's objects (record, three strings, the
     * instant, the list's slot) and the database row it was read from.
     */
    public static final int MESSAGE_OVERHEAD = 256;
    /** Charged per encoded line of a listing besides its bytes (the buffer object and its rounding). */
    public static final int LINE_OVERHEAD = 64;
    /**
     * The share of the budget that large listings leave free ({@code limit / HEADROOM_SHARE}): peers holding big
     * listings they do not read cannot starve other users' small ones.
     */
    public static final int HEADROOM_SHARE = 16;
    /** A listing whose charges stay within this may use the headroom (a typical mailbox's listing). */
    public static final long SMALL_LISTING_BYTES = 256 * 1024;

    private final MemoryBudget budget;
    private final MemoryBudget.Lease lease;
    private final ListingShares shares;
    private final String address;
    private long line;
    private long listing;
    private boolean closed;

    /** The charges of one connection from {@code address}, held by a lease of {@code budget}. */
    public ConnectionMemory(MemoryBudget budget, ListingShares shares, String address) {
        this.budget = budget;
        this.lease = budget.lease();
        this.shares = shares;
        this.address = address;
    }

    /** What a message read from the store costs while it is held: two bytes per character plus the overhead. */
    public static long messageCost(StoredMessage m) {
        return 2L * (m.sender().length() + m.subject().length() + m.body().length()) + MESSAGE_OVERHEAD;
    }

    /** What an encoded line of {@code bytes} costs while it waits to be written. */
    public static long lineCost(int bytes) {
        return (long) bytes + LINE_OVERHEAD;
    }

    @Override
    public synchronized boolean holding(int bytes) {
        long want = Math.max(0, bytes - FREE_LINE_BYTES);
        if (want > line) {
            if (!lease.tryCharge(want - line)) {
                return false;
            }
        } else if (want < line) {
            give(line - want);
        }
        line = want;
        return true;
    }

    @Override
    public Object refused() {
        return new MailRequest.NoMemory();
    }

    /**
     * Charges {@code bytes} to the listing of this connection; false (nothing charged) if the budget refuses, or
     * if the listing grows past {@link #SMALL_LISTING_BYTES} into the budget's last {@link #HEADROOM_SHARE}th, or
     * past its address's share while the address holds another listing ({@link ListingShares}).
     */
    public synchronized boolean chargeListing(long bytes) {
        if (closed) {
            return false;
        }
        boolean large = listing + bytes > SMALL_LISTING_BYTES;
        if (large && budget.available() - bytes < budget.limit() / HEADROOM_SHARE) {
            return false;
        }
        if (!shares.tryAdd(address, bytes, listing, large)) {
            return false;
        }
        if (!lease.tryCharge(bytes)) {
            shares.remove(address, bytes);
            return false;
        }
        listing += bytes;
        return true;
    }

    /** Gives back {@code bytes} of the listing's charge (all of it once written, or when it is dropped). */
    public synchronized void releaseListing(long bytes) {
        long b = Math.min(bytes, listing);
        listing -= b;
        shares.remove(address, b);
        give(b);
    }

    /** Bytes the listing holds now. */
    public synchronized long listingBytes() {
        return listing;
    }

    /** Bytes the unfinished line holds past the free allowance now. */
    public synchronized long lineBytes() {
        return line;
    }

    private void give(long bytes) {
        // After close the lease has given everything back already.
        if (!closed && bytes > 0) {
            lease.release(bytes);
        }
    }

    /** Gives back everything (the connection closed). */
    @Override
    public synchronized void close() {
        closed = true;
        line = 0;
        shares.remove(address, listing);
        listing = 0;
        lease.close();
    }
}
