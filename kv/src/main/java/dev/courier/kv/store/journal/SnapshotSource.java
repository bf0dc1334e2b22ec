package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.util.Map;

/** The store's current state, for a snapshot: each session visited with a consistent copy of it. */
public interface SnapshotSource {
    /** Visits every session once; each visit sees one session as it was at some moment (taken under its lock). */
    void forEachSession(SessionVisitor v);

    /** Receives one session's copy. */
    interface SessionVisitor {
        /** One session: its credential, its creator's address key (or null) and its entries. */
        void session(String id, SaltedDigest credential, String creator, Map<String, byte[]> entries);
    }
}
