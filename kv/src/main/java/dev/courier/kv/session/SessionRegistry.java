package dev.courier.kv.session;

import dev.courier.core.auth.Digests;
import dev.courier.core.auth.SaltedDigest;
import dev.courier.core.budget.AddressShares;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.store.SessionStore.Outcome;
import dev.courier.kv.store.SessionTable;
import dev.courier.kv.store.journal.Replay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which connection holds which session: binds on CONNECT (spec section 3's decision, in order), detaches when a
 * connection ends without DISCONNECT, resumes within the window, erases. Time comes from a {@link Clock}.
 */
public final class SessionRegistry {
    /**
     * Who holds a session: a live connection (owner set) or nobody since {@code detachedAt}; {@code creator} is the
     * address key the session is counted against while it lives (null: not counted, accounts mode).
     */
    private record Binding(Object owner, Instant detachedAt, boolean resumable, String creator) {
        boolean live() {
            return owner != null;
        }
    }

    private final SessionTable store;
    private final AccountBook accounts;
    private final Duration resumeWindow;
    private final Clock clock;
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();
    /** Open mode: sessions each address created and holds, and the memory share they all charge. */
    private final AddressShares createdPerAddress;

    /**
     * A registry over {@code store}, with no cap on the sessions one address creates.
     *
     * @param accounts the accounts a CONNECT must match, or null for open mode
     */
    public SessionRegistry(SessionTable store, AccountBook accounts, Duration resumeWindow, Clock clock) {
        this(store, accounts, resumeWindow, clock, Integer.MAX_VALUE);
    }

    /**
     * A registry over {@code store}.
     *
     * @param accounts              the accounts a CONNECT must match, or null for open mode
     * @param maxSessionsPerAddress open mode: sessions one address may have created and still hold
     */
    public SessionRegistry(SessionTable store, AccountBook accounts, Duration resumeWindow, Clock clock,
                           int maxSessionsPerAddress) {
        this(store, accounts, resumeWindow, clock, maxSessionsPerAddress, Long.MAX_VALUE);
    }

    /**
     * A registry over {@code store}.
     *
     * @param accounts              the accounts a CONNECT must match, or null for open mode
     * @param maxSessionsPerAddress open mode: sessions one address may have created and still hold
     * @param maxMemoryPerAddress   open mode: bytes the sessions one address created may hold together (their data
     *                              and overheads as the store charges them), a share of the store's budget
     */
    public SessionRegistry(SessionTable store, AccountBook accounts, Duration resumeWindow, Clock clock,
                           int maxSessionsPerAddress, long maxMemoryPerAddress) {
        this.store = store;
        this.accounts = accounts;
        this.resumeWindow = resumeWindow;
        this.clock = clock;
        this.createdPerAddress = new AddressShares(store.budget(), maxMemoryPerAddress, maxSessionsPerAddress);
    }

    /** As {@link #connect(String, byte[], Object, String)} from an address that is not counted (tests). */
    public Outcome connect(String id, byte[] hash, Object owner) {
        return connect(id, hash, owner, null);
    }

    /**
     * The TLS edition's CONNECT: id and the 32-byte hash, for a connection identified by {@code owner} from the
     * peer address key {@code address} (see {@code PeerAddress.keyOf}; null: not counted).
     */
    public Outcome connect(String id, byte[] hash, Object owner, String address) {
        if (accounts != null) {
            Optional<SaltedDigest> account = accounts.lookup(id);
            if (account.isEmpty() || !account.get().matches(hash)) {
                return Outcome.REFUSED;
            }
        }
        Outcome[] result = new Outcome[1];
        bindings.compute(id, (k, b) -> {
            if (b != null && b.live()) {
                result[0] = Outcome.BUSY;
                return b;
            }
            if (b != null && expired(b)) {
                eraseData(id, b);
                b = null;
            }
            Optional<SaltedDigest> credential = store.credential(id);
            if (credential.isEmpty()) {
                result[0] = create(id, SaltedDigest.of(hash), address, true);
                return result[0] == Outcome.CREATED ? new Binding(owner, null, true, creator(address)) : b;
            }
            if (b != null && !b.resumable()) {
                result[0] = Outcome.EXISTS;
                return b;
            }
            // In accounts mode the account, checked above, is the password: one changed with 'user passwd'
            // resumes the session made with the old one (which no longer passes the account check).
            if (accounts == null && !credential.get().matches(hash)) {
                result[0] = Outcome.WRONG_HASH;
                return b;
            }
            result[0] = Outcome.RESUMED;
            return new Binding(owner, null, true, b == null ? null : b.creator());
        });
        return result[0];
    }

    /**
     * Creates the session in the table, counted against {@code address} in open mode; a durable one is logged
     * (the RSA edition's sessions end with their connection, so a restart has nothing to bring back).
     */
    private Outcome create(String id, SaltedDigest credential, String address, boolean durable) {
        String creator = creator(address);
        if (creator == null) {
            return outcome(store.create(id, credential, store.budget(), null, durable));
        }
        MemoryBudget share = createdPerAddress.acquire(creator);
        if (share == null) {
            return Outcome.ADDRESS_FULL;
        }
        SessionTable.Created c = store.create(id, credential, share, creator, durable);
        if (c != SessionTable.Created.CREATED) {
            createdPerAddress.release(creator);
        }
        return outcome(c);
    }

    private static Outcome outcome(SessionTable.Created c) {
        return switch (c) {
            case CREATED -> Outcome.CREATED;
            case FULL -> Outcome.FULL;
            case NO_MEMORY -> Outcome.NO_MEMORY;
            case EXISTS -> Outcome.EXISTS;
        };
    }

    /** The key a new session is counted against: the address in open mode, nobody in accounts mode. */
    private String creator(String address) {
        return accounts == null ? address : null;
    }

    /** Erases a session's data and gives its creator's share back. */
    private void eraseData(String id, Binding b) {
        store.erase(id);
        if (b.creator() != null) {
            createdPerAddress.release(b.creator());
        }
    }

    /** Sessions created from {@code address} (a {@code PeerAddress} key) and held now. */
    public int createdBy(String address) {
        return createdPerAddress.held(address);
    }

    /** Bytes the sessions created from {@code address} hold now, as the store charges them. */
    public long memoryOf(String address) {
        return createdPerAddress.used(address);
    }

    /** Open mode: the cap of the bytes the sessions one address created may hold together. */
    public long maxMemoryPerAddress() {
        return createdPerAddress.capPerAddress();
    }

    /** As {@link #connectWithoutPassword(String, Object, String)} from an address that is not counted (tests). */
    public Outcome connectWithoutPassword(String id, Object owner) {
        return connectWithoutPassword(id, owner, null);
    }

    /** The RSA edition's CONNECT: no password, so only a new id can be bound, and it cannot be resumed. */
    public Outcome connectWithoutPassword(String id, Object owner, String address) {
        if (accounts != null) {
            return Outcome.REFUSED;
        }
        Outcome[] result = new Outcome[1];
        bindings.compute(id, (k, b) -> {
            if (b != null && b.live()) {
                result[0] = Outcome.BUSY;
                return b;
            }
            if (b != null && expired(b)) {
                eraseData(id, b);
                b = null;
            }
            // A random credential that no client knows: nobody can resume it with a hash either.
            result[0] = b != null ? Outcome.EXISTS
                    : create(id, SaltedDigest.of(Digests.randomBytes(32)), address, false);
            return result[0] == Outcome.CREATED ? new Binding(owner, null, false, creator(address)) : b;
        });
        return result[0];
    }

    /** The connection {@code owner} ended without DISCONNECT: keep the data for the resume window. */
    public void detach(String id, Object owner) {
        bindings.computeIfPresent(id, (k, b) -> {
            if (b.owner() != owner) {
                return b;
            }
            if (!b.resumable() || resumeWindow.isZero()) {
                eraseData(id, b);
                return null;
            }
            return new Binding(null, clock.instant(), true, b.creator());
        });
    }

    /** DISCONNECT or a protocol violation by {@code owner}: erase the session and its data. */
    public void erase(String id, Object owner) {
        bindings.computeIfPresent(id, (k, b) -> {
            if (b.owner() != owner) {
                return b;
            }
            eraseData(id, b);
            return null;
        });
    }

    /** Erases every detached session whose window has passed; returns how many. */
    public int expire() {
        int[] n = new int[1];
        for (String id : bindings.keySet()) {
            bindings.computeIfPresent(id, (k, b) -> {
                if (expired(b)) {
                    eraseData(id, b);
                    n[0]++;
                    return null;
                }
                return b;
            });
        }
        return n[0];
    }

    private boolean expired(Binding b) {
        return !b.live() && !clock.instant().isBefore(b.detachedAt().plus(resumeWindow));
    }

    /** Sessions bound to a live connection now. */
    public int bound() {
        return (int) bindings.values().stream().filter(Binding::live).count();
    }

    /** Sessions detached now, waiting for their client. */
    public int detached() {
        return (int) bindings.values().stream().filter(b -> !b.live()).count();
    }

    /** The table the sessions live in. */
    public SessionTable table() {
        return store;
    }

    /**
     * What restores this registry and its table from disk at start: each session comes back detached, its resume
     * window starting now (a client reconnecting after a restart finds its data), counted against its creator.
     * Call before any connection is served.
     */
    public Replay restorer() {
        return new Replay() {
            @Override
            public void created(String id, SaltedDigest credential, String creator) {
                erased(id);
                String counted = accounts == null ? creator : null;
                MemoryBudget share = counted == null ? store.budget() : createdPerAddress.acquireRestored(counted);
                try {
                    store.restoreCreated(id, credential, share, creator);
                } catch (IllegalStateException e) {
                    if (counted != null) {
                        createdPerAddress.release(counted);
                    }
                    throw e;
                }
                bindings.put(id, new Binding(null, clock.instant(), true, counted));
            }

            @Override
            public void put(String id, String key, byte[] value) {
                store.restorePut(id, key, value);
            }

            @Override
            public void deleted(String id, String key) {
                store.delete(id, key);
            }

            @Override
            public void erased(String id) {
                Binding b = bindings.remove(id);
                if (b != null) {
                    eraseData(id, b);
                } else {
                    store.erase(id);
                }
            }
        };
    }
}
