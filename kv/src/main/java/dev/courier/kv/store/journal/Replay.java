package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;

/** Receives the journal's contents at start, in order: a session store restores itself from these calls. */
public interface Replay {
    /** A session was created: if {@code id} exists, replace it by an empty session. */
    void created(String id, SaltedDigest credential, String creator);

    /** {@code value} is stored under {@code key} of a session the replay has created (never an unknown id). */
    void put(String id, String key, byte[] value);

    /** {@code key} of a known session was removed. */
    void deleted(String id, String key);

    /** A known session was erased. */
    void erased(String id);
}
