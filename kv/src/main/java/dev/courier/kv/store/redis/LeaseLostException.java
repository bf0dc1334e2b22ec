package dev.courier.kv.store.redis;

/**
 * This node cannot vouch for its lease on a session: Redis refused the lease's token (it lapsed, another node may
 * own the session now), or the lease was not confirmed recently enough to answer from the node's copy.
 */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The lease on session {@code id} is lost. */
    public LeaseLostException(String id) {
        this(id, "was lost");
    }

    /** The lease on session {@code id} {@code what} (e.g. "is not confirmed"). */
    public LeaseLostException(String id, String what) {
        super("the lease on session " + id + " " + what, null, false, false);
    }
}
