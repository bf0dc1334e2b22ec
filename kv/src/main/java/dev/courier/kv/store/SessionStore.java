package dev.courier.kv.store;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.budget.MemoryBudget;
import java.util.Optional;

/**
 * Where sessions and their data live. Knows nothing of the wire protocol: ids, keys and values are plain data,
 * and every operation names the session it acts on.
 */
public interface SessionStore {
    /** Outcome of {@link #create}. */
    enum Created {
        CREATED, EXISTS, FULL,
        /** The server's memory budget cannot take even an empty session. */
        NO_MEMORY
    }

    /** Outcome of {@link #put}. */
    enum Stored {
        STORED, NO_SESSION, TOO_MANY_KEYS, TOO_MANY_BYTES,
        /** The server's memory budget is spent: nothing was changed. */
        NO_MEMORY
    }

    /** Creates an empty session guarded by {@code credential}, unless it exists or the store is full. */
    Created create(String id, SaltedDigest credential);

    /**
     * As {@link #create(String, SaltedDigest)}, the session's memory (its overhead and all its data) charged to
     * {@code budget} (a share of the store's budget, such as its creating address's) instead of the store's own.
     */
    Created create(String id, SaltedDigest credential, MemoryBudget budget);

    /** The credential of a session, if it exists. */
    Optional<SaltedDigest> credential(String id);

    /**
     * Stores {@code value} under {@code key}, replacing any old value; nothing changes unless it is stored.
     * The store may keep the array itself: the caller must not change it afterwards.
     */
    Stored put(String id, String key, byte[] value);

    /** A copy of the value under {@code key}, or null; the caller owns the array. */
    byte[] get(String id, String key);

    /** Removes {@code key}; true when the key is not there afterwards. */
    boolean delete(String id, String key);

    /** Erases a session and all its data; true if it existed. */
    boolean erase(String id);

    /** The memory budget the store charges sessions to unless they were created with a share of it. */
    MemoryBudget budget();

    /** Sessions held now. */
    int sessions();

    /** Keys held by one session (0 if absent). */
    int keys(String id);

    /** Bytes of keys plus values held by one session (0 if absent). */
    long bytes(String id);
}
