package dev.courier.transfer.store;

import java.io.IOException;

/** The store will not take a body, for a reason fit to tell the sender (no paths, no internals). */
public final class StoreRefusal extends IOException {
    /** A refusal with a reason the sender may read. */
    public StoreRefusal(String reason) {
        super(reason);
    }
}
