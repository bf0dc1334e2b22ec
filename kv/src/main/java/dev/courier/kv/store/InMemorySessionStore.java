package dev.courier.kv.store;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.budget.MemoryBudget;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SessionStore} in memory: a concurrent map of sessions, each a map of its own under its own lock. What it
 * holds is charged to the server's {@link MemoryBudget}, or to the share of it a session was created with (its
 * creating address's), as it is stored (key and value bytes plus
 * {@link #ENTRY_OVERHEAD_BYTES} per entry, {@link #SESSION_OVERHEAD_BYTES} plus the id per session) and given back
 * when it is replaced, deleted or erased; a charge the budget refuses stores nothing.
 */
public final class InMemorySessionStore implements SessionStore {
    /**
     * Estimated heap bytes one entry costs beyond its key and value bytes: the map node (32), the key's String
     * (24) and its byte array header (16), the value array's header (16), and the table slot, rounded up.
     */
    public static final long ENTRY_OVERHEAD_BYTES = 96;
    /**
     * Estimated heap bytes one empty session costs beyond its id: the session and its map (about 100), its
     * credential (salt and digest, about 120), the store's and the registry's map nodes and binding (about 150),
     * the id's String, rounded up.
     */
    public static final long SESSION_OVERHEAD_BYTES = 512;

    private static final class Session {
        final SaltedDigest credential;
        /** What this session's memory is charged to: the store's budget or a share of it (its address's). */
        final MemoryBudget budget;
        final Map<String, byte[]> data = new HashMap<>();
        long bytes;
        /** Bytes this session holds charged to the budget (data, overheads); released when it is erased. */
        long charged;
        /** Set under the session's lock when it is erased: a put that raced with the erase charges nothing. */
        boolean erased;

        Session(SaltedDigest credential, MemoryBudget budget) {
            this.credential = credential;
            this.budget = budget;
        }
    }

    private final int maxSessions;
    private final int maxKeys;
    private final long maxBytes;
    private final MemoryBudget budget;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A store of at most {@code maxSessions} sessions, each of at most {@code maxKeys} keys and {@code maxBytes}. */
    public InMemorySessionStore(int maxSessions, int maxKeys, long maxBytes) {
        this(maxSessions, maxKeys, maxBytes, MemoryBudget.unlimited());
    }

    /** As {@link #InMemorySessionStore(int, int, long)}, charging what it holds to {@code budget}. */
    public InMemorySessionStore(int maxSessions, int maxKeys, long maxBytes, MemoryBudget budget) {
        this.maxSessions = maxSessions;
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    @Override
    public Created create(String id, SaltedDigest credential) {
        return create(id, credential, budget);
    }

    @Override
    public Created create(String id, SaltedDigest credential, MemoryBudget budget) {
        if (sessions.containsKey(id)) {
            return Created.EXISTS;
        }
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            return Created.FULL;
        }
        long charge = SESSION_OVERHEAD_BYTES + id.length();
        if (!budget.tryCharge(charge)) {
            count.decrementAndGet();
            return Created.NO_MEMORY;
        }
        Session s = new Session(credential, budget);
        s.charged = charge;
        if (sessions.putIfAbsent(id, s) != null) {
            budget.release(charge);
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
            if (s.erased) {
                return Stored.NO_SESSION;
            }
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
            long delta = old == null
                    ? ENTRY_OVERHEAD_BYTES + key.length() + value.length
                    : (long) value.length - old.length;
            if (delta > 0 && !s.budget.tryCharge(delta)) {
                return Stored.NO_MEMORY;
            }
            if (old != null && old.length == value.length) {
                // Rewriting in place leaves no old array behind: a store rewritten faster than the young
                // generation is collected would otherwise promote every replaced value, and a full
                // collection of the whole store follows each time the old generation fills.
                System.arraycopy(value, 0, old, 0, value.length);
            } else {
                s.data.put(key, value);
            }
            if (delta < 0) {
                s.budget.release(-delta);
            }
            s.charged += delta;
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
                long freed = ENTRY_OVERHEAD_BYTES + key.length() + old.length;
                s.charged -= freed;
                s.budget.release(freed);
            }
            return true;
        }
    }

    @Override
    public boolean erase(String id) {
        Session s = sessions.remove(id);
        if (s == null) {
            return false;
        }
        count.decrementAndGet();
        synchronized (s) {
            s.erased = true;
            s.budget.release(s.charged);
            s.charged = 0;
        }
        return true;
    }

    @Override
    public MemoryBudget budget() {
        return budget;
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
