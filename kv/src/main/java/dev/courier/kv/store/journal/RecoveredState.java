package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sessions a journal directory holds, rebuilt in memory by {@code kv check} (keys only, to count them) and by
 * its repair (values too, to write them into a fresh snapshot).
 */
final class RecoveredState implements Replay, SnapshotSource {
    private record Session(SaltedDigest credential, String creator, Map<String, byte[]> entries) {
    }

    private static final byte[] NOT_KEPT = new byte[0];
    private final boolean keepValues;
    private final Map<String, Session> sessions = new LinkedHashMap<>();

    RecoveredState(boolean keepValues) {
        this.keepValues = keepValues;
    }

    @Override
    public void created(String id, SaltedDigest credential, String creator) {
        sessions.put(id, new Session(credential, creator, new LinkedHashMap<>()));
    }

    @Override
    public void put(String id, String key, byte[] value) {
        sessions.get(id).entries().put(key, keepValues ? value : NOT_KEPT);
    }

    @Override
    public void deleted(String id, String key) {
        sessions.get(id).entries().remove(key);
    }

    @Override
    public void erased(String id) {
        sessions.remove(id);
    }

    @Override
    public void forEachSession(SessionVisitor v) {
        sessions.forEach((id, s) -> v.session(id, s.credential(), s.creator(), s.entries()));
    }

    /** Sessions held. */
    long sessions() {
        return sessions.size();
    }

    /** Keys held, over all sessions. */
    long keys() {
        return sessions.values().stream().mapToLong(s -> s.entries().size()).sum();
    }
}
