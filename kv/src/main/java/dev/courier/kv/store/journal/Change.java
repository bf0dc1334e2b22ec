package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;

/** One record of a journal or snapshot, decoded: what it changes and how it is told to a {@link Replay}. */
sealed interface Change {
    /** The session the change is about. */
    String id();

    /** Tells {@code r} about this change. */
    void replayInto(Replay r);

    /** A session was created. */
    record Created(String id, byte[] salt, byte[] digest, String creator) implements Change {
        @Override
        public void replayInto(Replay r) {
            r.created(id, new SaltedDigest(salt, digest), creator);
        }
    }

    /** A value was stored. */
    record Put(String id, String key, byte[] value) implements Change {
        @Override
        public void replayInto(Replay r) {
            r.put(id, key, value);
        }
    }

    /** A key was removed. */
    record Deleted(String id, String key) implements Change {
        @Override
        public void replayInto(Replay r) {
            r.deleted(id, key);
        }
    }

    /** A session was erased. */
    record Erased(String id) implements Change {
        @Override
        public void replayInto(Replay r) {
            r.erased(id);
        }
    }
}
