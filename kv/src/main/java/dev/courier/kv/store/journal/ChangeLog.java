package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;

/**
 * What a session store tells the journal, in order, about every change (called while the store holds that session's
 * lock, so the order of a session's records is the order of its changes).
 */
public interface ChangeLog {
    /** A change log that keeps nothing: memory only. */
    ChangeLog NONE = new ChangeLog() {
        @Override
        public void created(String id, SaltedDigest credential, String creator) {
        }

        @Override
        public void put(String id, String key, byte[] value) {
        }

        @Override
        public void deleted(String id, String key) {
        }

        @Override
        public void erased(String id) {
        }

        @Override
        public long position() {
            return 0;
        }
    };

    /** A session was created, empty, guarded by {@code credential}; {@code creator} is its address key or null. */
    void created(String id, SaltedDigest credential, String creator);

    /** {@code value} was stored under {@code key}; the log does not keep the array after the call returns. */
    void put(String id, String key, byte[] value);

    /** {@code key} was removed. */
    void deleted(String id, String key);

    /** The session and all its data were erased. */
    void erased(String id);

    /** The log position just after the last change appended (monotonic); see {@link Journal#whenDurable}. */
    long position();
}
