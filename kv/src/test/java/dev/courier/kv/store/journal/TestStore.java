package dev.courier.kv.store.journal;

import dev.courier.core.auth.SaltedDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small session store for the journal's tests: it restores itself from a {@link Replay}, gives its state to a
 * snapshot as a {@link SnapshotSource}, and logs each change to a {@link ChangeLog} under the session's lock, as the
 * real store does. It also records what it was replayed, as text, to compare sequences.
 */
final class TestStore implements Replay, SnapshotSource {
    private record Session(String credential, String creator, Map<String, String> entries) {
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final List<String> replayed = new ArrayList<>();
    private ChangeLog log = ChangeLog.NONE;

    static SaltedDigest credential(String id) {
        return new SaltedDigest(("salt-" + id).getBytes(StandardCharsets.UTF_8),
                ("digest-" + id).getBytes(StandardCharsets.UTF_8));
    }

    static String text(SaltedDigest d) {
        return HexFormat.of().formatHex(d.salt()) + ":" + HexFormat.of().formatHex(d.digest());
    }

    TestStore logTo(ChangeLog log) {
        this.log = log;
        return this;
    }

    synchronized void create(String id, String creator) {
        sessions.put(id, new Session(text(credential(id)), creator, new LinkedHashMap<>()));
        log.created(id, credential(id), creator);
    }

    synchronized void put(String id, String key, String value) {
        sessions.get(id).entries().put(key, value);
        log.put(id, key, value.getBytes(StandardCharsets.UTF_8));
    }

    synchronized void delete(String id, String key) {
        sessions.get(id).entries().remove(key);
        log.deleted(id, key);
    }

    synchronized void erase(String id) {
        sessions.remove(id);
        log.erased(id);
    }

    /** The state as sorted text: comparable across stores. */
    synchronized Map<String, String> state() {
        Map<String, String> m = new TreeMap<>();
        sessions.forEach((id, s) -> m.put(id, s.credential() + " " + s.creator() + " " + new TreeMap<>(s.entries())));
        return m;
    }

    synchronized List<String> replayed() {
        return List.copyOf(replayed);
    }

    @Override
    public synchronized void created(String id, SaltedDigest credential, String creator) {
        replayed.add("CREATED " + id + " " + text(credential) + " " + creator);
        sessions.put(id, new Session(text(credential), creator, new LinkedHashMap<>()));
    }

    @Override
    public synchronized void put(String id, String key, byte[] value) {
        String v = new String(value, StandardCharsets.UTF_8);
        replayed.add("PUT " + id + " " + key + " " + v);
        sessions.get(id).entries().put(key, v);
    }

    @Override
    public synchronized void deleted(String id, String key) {
        replayed.add("DELETED " + id + " " + key);
        sessions.get(id).entries().remove(key);
    }

    @Override
    public synchronized void erased(String id) {
        replayed.add("ERASED " + id);
        sessions.remove(id);
    }

    @Override
    public void forEachSession(SessionVisitor v) {
        List<String> ids;
        synchronized (this) {
            ids = new ArrayList<>(sessions.keySet());
        }
        for (String id : ids) {
            String cred;
            String creator;
            Map<String, byte[]> copy = new LinkedHashMap<>();
            synchronized (this) {
                Session s = sessions.get(id);
                if (s == null) {
                    continue;
                }
                cred = s.credential();
                creator = s.creator();
                s.entries().forEach((k, val) -> copy.put(k, val.getBytes(StandardCharsets.UTF_8)));
            }
            String[] parts = cred.split(":");
            v.session(id, new SaltedDigest(HexFormat.of().parseHex(parts[0]), HexFormat.of().parseHex(parts[1])),
                    creator, copy);
        }
    }
}
