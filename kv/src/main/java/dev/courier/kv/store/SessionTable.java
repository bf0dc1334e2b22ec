package dev.courier.kv.store;

import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.store.journal.ChangeLog;
import dev.courier.kv.store.journal.SnapshotSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sessions and their data in memory: a concurrent map of sessions, each a map of its own under its own lock. What it
 * holds is charged to a {@link MemoryBudget} (the store's, or the share a session was created with: its creating
 * address's) as it is stored (key and value bytes plus {@link #ENTRY_OVERHEAD_BYTES} per entry,
 * {@link #SESSION_OVERHEAD_BYTES} plus the id per session) and given back when it is replaced, deleted or erased; a
 * charge the budget refuses stores nothing. Every change to a durable session is told to a {@link ChangeLog} under
 * the session's lock, so the log's order is the order the changes were made in, and a snapshot taken session by
 * session under the same lock is consistent with it.
 */
public final class SessionTable implements SnapshotSource {
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

    /** Outcome of {@link #create}. */
    public enum Created {
        CREATED, EXISTS, FULL,
        /** The memory budget cannot take even an empty session. */
        NO_MEMORY
    }

    private static final class Session {
        final SaltedDigest credential;
        /** What this session's memory is charged to: the store's budget or a share of it (its address's). */
        final MemoryBudget budget;
        /** The address key the session is counted against (null: none); kept so a restart restores the count. */
        final String creator;
        /** Whether its changes are logged (the RSA edition's sessions end with their connection: never). */
        final boolean durable;
        final Map<String, byte[]> data = new HashMap<>();
        long bytes;
        /** Bytes this session holds charged to the budget (data, overheads); released when it is erased. */
        long charged;
        /** Set under the session's lock when it is erased: a put that raced with the erase charges nothing. */
        boolean erased;

        Session(SaltedDigest credential, MemoryBudget budget, String creator, boolean durable) {
            this.credential = credential;
            this.budget = budget;
            this.creator = creator;
            this.durable = durable;
        }
    }

    private final int maxSessions;
    private final int maxKeys;
    private final long maxBytes;
    private final MemoryBudget budget;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile ChangeLog log = ChangeLog.NONE;

    /** A table of at most {@code maxSessions} sessions, each of at most {@code maxKeys} keys and {@code maxBytes}. */
    public SessionTable(int maxSessions, int maxKeys, long maxBytes) {
        this(maxSessions, maxKeys, maxBytes, MemoryBudget.unlimited());
    }

    /** As {@link #SessionTable(int, int, long)}, charging what it holds to {@code budget}. */
    public SessionTable(int maxSessions, int maxKeys, long maxBytes, MemoryBudget budget) {
        this.maxSessions = maxSessions;
        this.maxKeys = maxKeys;
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /** From now on, tells {@code changes} about every change to a durable session (set once restored). */
    public void logTo(ChangeLog changes) {
        this.log = changes;
    }

    /** The log changes go to. */
    public ChangeLog log() {
        return log;
    }

    /** Creates an empty durable session charged to the table's budget, counted against nobody. */
    public Created create(String id, SaltedDigest credential) {
        return create(id, credential, budget, null, true);
    }

    /** Creates an empty durable session charged to {@code share}, counted against nobody. */
    public Created create(String id, SaltedDigest credential, MemoryBudget share) {
        return create(id, credential, share, null, true);
    }

    /**
     * Creates an empty session guarded by {@code credential}, unless it exists or the table is full; its memory is
     * charged to {@code share} (a share of the table's budget, such as its creating address's, or the budget).
     *
     * @param creator the address key it is counted against, or null
     * @param durable whether its changes are logged
     */
    public Created create(String id, SaltedDigest credential, MemoryBudget share, String creator, boolean durable) {
        if (sessions.containsKey(id)) {
            return Created.EXISTS;
        }
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            return Created.FULL;
        }
        long charge = SESSION_OVERHEAD_BYTES + id.length();
        if (!share.tryCharge(charge)) {
            count.decrementAndGet();
            return Created.NO_MEMORY;
        }
        Session s = new Session(credential, share, creator, durable);
        s.charged = charge;
        synchronized (s) {
            if (sessions.putIfAbsent(id, s) != null) {
                share.release(charge);
                count.decrementAndGet();
                return Created.EXISTS;
            }
            if (durable) {
                log.created(id, credential, creator);
            }
        }
        return Created.CREATED;
    }

    /** The credential of a session, if it exists. */
    public Optional<SaltedDigest> credential(String id) {
        Session s = sessions.get(id);
        return s == null ? Optional.empty() : Optional.of(s.credential);
    }

    /**
     * Stores {@code value} under {@code key}, replacing any old value; nothing changes unless it is stored.
     * The table may keep the array itself: the caller must not change it afterwards.
     */
    public SessionStore.Stored put(String id, String key, byte[] value) {
        Session s = sessions.get(id);
        if (s == null) {
            return SessionStore.Stored.NO_SESSION;
        }
        synchronized (s) {
            if (s.erased) {
                return SessionStore.Stored.NO_SESSION;
            }
            byte[] old = s.data.get(key);
            long after = old == null
                    ? s.bytes + key.length() + value.length
                    : s.bytes - old.length + value.length;
            if (old == null && s.data.size() >= maxKeys) {
                return SessionStore.Stored.TOO_MANY_KEYS;
            }
            if (after > maxBytes) {
                return SessionStore.Stored.TOO_MANY_BYTES;
            }
            if (!store(s, key, value, old, false)) {
                return SessionStore.Stored.NO_MEMORY;
            }
            s.bytes = after;
            if (s.durable) {
                log.put(id, key, value);
            }
            return SessionStore.Stored.STORED;
        }
    }

    /** Puts {@code value} in place of {@code old}, charging the difference (forced: charged even past the budget). */
    private static boolean store(Session s, String key, byte[] value, byte[] old, boolean force) {
        long delta = old == null
                ? ENTRY_OVERHEAD_BYTES + key.length() + value.length
                : (long) value.length - old.length;
        if (delta > 0 && !s.budget.tryCharge(delta)) {
            if (!force) {
                return false;
            }
            s.budget.forceCharge(delta);
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
        return true;
    }

    /** A copy of the value under {@code key}, or null; the caller owns the array. */
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

    /** Removes {@code key}; true when the key is not there afterwards. */
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
                if (s.durable) {
                    log.deleted(id, key);
                }
            }
            return true;
        }
    }

    /** Erases a session and all its data; true if it existed. */
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
            if (s.durable) {
                log.erased(id);
            }
        }
        return true;
    }

    /**
     * Restores a session read back from disk, replacing one of the same id (a journal's later creation wins); its
     * memory is charged to {@code share}.
     *
     * @throws IllegalStateException when the budget cannot take it
     */
    public void restoreCreated(String id, SaltedDigest credential, MemoryBudget share, String creator) {
        erase(id);
        long charge = SESSION_OVERHEAD_BYTES + id.length();
        if (!share.tryCharge(charge)) {
            throw new IllegalStateException(outOfMemory(share));
        }
        Session s = new Session(credential, share, creator, true);
        s.charged = charge;
        sessions.put(id, s);
        count.incrementAndGet();
    }

    /**
     * Restores a value read back from disk, past the per-session key and byte limits if they were lowered since
     * (restored data is never dropped), within the memory budget.
     *
     * @throws IllegalStateException when the budget cannot take it
     */
    public void restorePut(String id, String key, byte[] value) {
        Session s = sessions.get(id);
        if (s == null) {
            return;
        }
        synchronized (s) {
            byte[] old = s.data.get(key);
            long after = old == null ? s.bytes + key.length() + value.length : s.bytes - old.length + value.length;
            if (!store(s, key, value, old, false)) {
                throw new IllegalStateException(outOfMemory(s.budget));
            }
            s.bytes = after;
        }
    }

    private static String outOfMemory(MemoryBudget b) {
        return "the KV sessions on disk need more memory than the budget they are charged to (" + b.name() + ", "
                + (b.limit() >> 20) + " MiB) allows: raise --max-memory (or --kv-max-memory-per-address in open "
                + "mode) to start with them";
    }

    /** The address key a session is counted against, or null. */
    public String creator(String id) {
        Session s = sessions.get(id);
        return s == null ? null : s.creator;
    }

    /** The ids of every session (a weakly consistent view). */
    public Iterable<String> ids() {
        return sessions.keySet();
    }

    @Override
    public void forEachSession(SessionVisitor v) {
        for (Map.Entry<String, Session> e : sessions.entrySet()) {
            Session s = e.getValue();
            Map<String, byte[]> copy;
            synchronized (s) {
                if (s.erased || !s.durable) {
                    continue;
                }
                // Values are rewritten in place: the snapshot needs its own copy, taken under the lock.
                copy = new HashMap<>(s.data.size() * 2);
                for (Map.Entry<String, byte[]> d : s.data.entrySet()) {
                    copy.put(d.getKey(), d.getValue().clone());
                }
            }
            v.session(e.getKey(), s.credential, s.creator, copy);
        }
    }

    /** The memory budget the table charges sessions to unless they were created with a share of it. */
    public MemoryBudget budget() {
        return budget;
    }

    /** Sessions held now. */
    public int sessions() {
        return count.get();
    }

    /** Keys held by one session (0 if absent). */
    public int keys(String id) {
        Session s = sessions.get(id);
        if (s == null) {
            return 0;
        }
        synchronized (s) {
            return s.data.size();
        }
    }

    /** Bytes of keys plus values held by one session (0 if absent). */
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
