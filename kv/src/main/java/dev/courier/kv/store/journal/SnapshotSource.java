package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.util.Map;

/** The store's current state, for a snapshot: each session visited with a consistent copy of it. */
public interface SnapshotSource {
    /** Visits every session that is kept on disk. */
    void forEachSession(SessionVisitor v);

    /** Receives one session. */
    interface SessionVisitor {
        /** One session: its credential, the address key it is counted against (or null), a copy of its data. */
        void session(String id, SaltedDigest credential, String creator, Map<String, byte[]> entries);
    }
}
