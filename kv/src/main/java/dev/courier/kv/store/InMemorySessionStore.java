package dev.courier.kv.store;

import dev.courier.core.auth.SaltedDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link SessionStore} in memory: a concurrent map of sessions, each a map of its own under its own lock. */
public final class InMemorySessionStore implements SessionStore {
    private static final class Session {
        final SaltedDigest credential;
        final Map<String, byte[]> data = new HashMap<>();
        long bytes;

        Session(SaltedDigest credential) {
            this.credential = credential;
        }
    }

    private final int maxSessions;
    private final int maxKeys;
    private final long maxBytes;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A store of at most {@code maxSessions} sessions, each of at most {@code maxKeys} keys and {@code maxBytes}. */
    public InMemorySessionStore(int maxSessions, int maxKeys, long maxBytes) {
        this.maxSessions = maxSessions;
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
    }

    @Override
    public Created create(String id, SaltedDigest credential) {
        if (sessions.containsKey(id)) {
            return Created.EXISTS;
        }
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            return Created.FULL;
        }
        if (sessions.putIfAbsent(id, new Session(credential)) != null) {
            count.decrementAndGet();
            return Created.EXISTS;
        }
        return Created.CREATED;
    }

    @Override
    public Optional<SaltedDigest> credential(String id) {
        Session s = sessions.get(id);
        return s == null ? Optional.empty() : Optional.of(s.credential);
    }

    @Override
    public Stored put(String id, String key, byte[] value) {
        Session s = sessions.get(id);
        if (s == null) {
            return Stored.NO_SESSION;
        }
        synchronized (s) {
            byte[] old = s.data.get(key);
            long after = old == null
                    ? s.bytes + key.length() + value.length
                    : s.bytes - old.length + value.length;
            if (old == null && s.data.size() >= maxKeys) {
                return Stored.TOO_MANY_KEYS;
            }
            if (after > maxBytes) {
                return Stored.TOO_MANY_BYTES;
            }
            if (old != null && old.length == value.length) {
                // Rewriting in place leaves no old array behind: a store rewritten faster than the young
                // generation is collected would otherwise promote every replaced value, and a full
                // collection of the whole store follows each time the old generation fills.
                System.arraycopy(value, 0, old, 0, value.length);
            } else {
                s.data.put(key, value);
            }
            s.bytes = after;
            return Stored.STORED;
        }
    }

    @Override
    public byte[] get(String id, String key) {
        Session s = sessions.get(id);
        if (s == null) {
            return null;
        }
        synchronized (s) {
            byte[] v = s.data.get(key);
            return v == null ? null : v.clone();
        }
    }

    @Override
    public boolean delete(String id, String key) {
        Session s = sessions.get(id);
        if (s == null) {
            return true;
        }
        synchronized (s) {
            byte[] old = s.data.remove(key);
            if (old != null) {
                s.bytes -= key.length() + old.length;
            }
            return true;
        }
    }

    @Override
    public boolean erase(String id) {
        if (sessions.remove(id) != null) {
            count.decrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public int sessions() {
        return count.get();
    }

    @Override
    public int keys(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.data.size();
        }
    }

    @Override
    public long bytes(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.bytes;
        }
    }
}
