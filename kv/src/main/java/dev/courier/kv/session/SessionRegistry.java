package dev.courier.kv.session;

import dev.courier.core.auth.Digests;
import dev.courier.core.auth.SaltedDigest;
import dev.courier.kv.store.SessionStore;
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
    /** What a CONNECT comes to. */
    public enum Outcome {
        /** A new session was made and bound. */
        CREATED(true),
        /** A detached session was bound again, data intact. */
        RESUMED(true),
        /** Accounts mode and the id is unknown or the hash wrong. */
        REFUSED(false),
        /** The session is bound to a live connection. */
        BUSY(false),
        /** The session is detached and the hash differs. */
        WRONG_HASH(false),
        /** The store holds its maximum of sessions. */
        FULL(false),
        /** RSA edition: a session with this id exists, and without a password it cannot be claimed. */
        EXISTS(false);

        private final boolean ok;

        Outcome(boolean ok) {
            this.ok = ok;
        }

        /** Whether the connection is now bound ({@code CONNECT: OK}). */
        public boolean ok() {
            return ok;
        }
    }

    /** Who holds a session: a live connection (owner set) or nobody since {@code detachedAt}. */
    private record Binding(Object owner, Instant detachedAt, boolean resumable) {
        boolean live() {
            return owner != null;
        }
    }

    private final SessionStore store;
    private final AccountBook accounts;
    private final Duration resumeWindow;
    private final Clock clock;
    private final Map<String, Binding> bindings = new ConcurrentHashMap<>();

    /**
     * A registry over {@code store}.
     *
     * @param accounts the accounts a CONNECT must match, or null for open mode
     */
    public SessionRegistry(SessionStore store, AccountBook accounts, Duration resumeWindow, Clock clock) {
        this.store = store;
        this.accounts = accounts;
        this.resumeWindow = resumeWindow;
        this.clock = clock;
    }

    /** The TLS edition's CONNECT: id and the 32-byte hash, for a connection identified by {@code owner}. */
    public Outcome connect(String id, byte[] hash, Object owner) {
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
                store.erase(id);
                b = null;
            }
            Optional<SaltedDigest> credential = store.credential(id);
            if (credential.isEmpty()) {
                SessionStore.Created c = store.create(id, SaltedDigest.of(hash));
                result[0] = c == SessionStore.Created.FULL ? Outcome.FULL
                        : c == SessionStore.Created.CREATED ? Outcome.CREATED : Outcome.BUSY;
                return result[0] == Outcome.CREATED ? new Binding(owner, null, true) : b;
            }
            if (b != null && !b.resumable()) {
                result[0] = Outcome.EXISTS;
                return b;
            }
            if (!credential.get().matches(hash)) {
                result[0] = Outcome.WRONG_HASH;
                return b;
            }
            result[0] = Outcome.RESUMED;
            return new Binding(owner, null, true);
        });
        return result[0];
    }

    /** The RSA edition's CONNECT: no password, so only a new id can be bound, and it cannot be resumed. */
    public Outcome connectWithoutPassword(String id, Object owner) {
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
                store.erase(id);
                b = null;
            }
            // A random credential that no client knows: nobody can resume it with a hash either.
            SessionStore.Created c = b != null ? SessionStore.Created.EXISTS
                    : store.create(id, SaltedDigest.of(Digests.randomBytes(32)));
            result[0] = switch (c) {
                case CREATED -> Outcome.CREATED;
                case FULL -> Outcome.FULL;
                case EXISTS -> Outcome.EXISTS;
            };
            return c == SessionStore.Created.CREATED ? new Binding(owner, null, false) : b;
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
                store.erase(id);
                return null;
            }
            return new Binding(null, clock.instant(), true);
        });
    }

    /** DISCONNECT or a protocol violation by {@code owner}: erase the session and its data. */
    public void erase(String id, Object owner) {
        bindings.computeIfPresent(id, (k, b) -> {
            if (b.owner() != owner) {
                return b;
            }
            store.erase(id);
            return null;
        });
    }

    /** Erases every detached session whose window has passed; returns how many. */
    public int expire() {
        int[] n = new int[1];
        for (String id : bindings.keySet()) {
            bindings.computeIfPresent(id, (k, b) -> {
                if (expired(b)) {
                    store.erase(id);
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

    /** The store the sessions live in. */
    public SessionStore store() {
        return store;
    }
}
