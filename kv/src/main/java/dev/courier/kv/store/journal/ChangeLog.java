package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;

/** What a session store tells the journal, in order, about every change (called while the store holds that session's lock). */
public interface ChangeLog {
    /** Logs nothing. */
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

    /** A session was created (creator: the address key it is counted against, or null). */
    void created(String id, SaltedDigest credential, String creator);

    /** A value was stored. */
    void put(String id, String key, byte[] value);

    /** A key was deleted. */
    void deleted(String id, String key);

    /** A session was erased. */
    void erased(String id);

    /** Log position just after the last change appended (monotonic). */
    long position();
}
