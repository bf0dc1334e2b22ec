package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;

/** Receives the journal's contents at start, in order: a session store restores itself from these calls. */
public interface Replay {
    /** A session was created; if the id exists, it is replaced by an empty session. */
    void created(String id, SaltedDigest credential, String creator);

    /** A value was stored. */
    void put(String id, String key, byte[] value);

    /** A key was deleted. */
    void deleted(String id, String key);

    /** A session was erased. */
    void erased(String id);
}
