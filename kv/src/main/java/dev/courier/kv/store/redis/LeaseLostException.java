package dev.courier.kv.store.redis;

/** Redis refused a command's token: this node's lease on the session lapsed, another node may own it now. */
public final class LeaseLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The lease on session {@code id} is lost. */
    public LeaseLostException(String id) {
        super("the lease on session " + id + " was lost", null, false, false);
    }
}
