package dev.courier.kv.store;

import dev.courier.core.budget.MemoryBudget;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live and who holds them: the single owner of every session's binding, and of its data. Knows
 * nothing of the wire protocol. Operations complete asynchronously: the embedded store at once, or once its journal
 * has made a change durable; a networked store when its server answers. Completions may run on any thread.
 */
public interface SessionStore extends AutoCloseable {
    /** What a CONNECT comes to (spec section 3's decision). */
    enum Outcome {
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
        EXISTS(false),
        /** Open mode: the connecting address already holds its maximum of sessions it created. */
        ADDRESS_FULL(false),
        /** The memory budget (or, open mode, the connecting address's share) cannot take a session. */
        NO_MEMORY(false),
        /** The store cannot take changes now (its disk failed, its server is unreachable). */
        UNAVAILABLE(false);

        private final boolean ok;

        Outcome(boolean ok) {
            this.ok = ok;
        }

        /** Whether the connection is now bound ({@code CONNECT: OK}). */
        public boolean ok() {
            return ok;
        }
    }

    /** Outcome of {@link #put}. */
    enum Stored {
        STORED, NO_SESSION, TOO_MANY_KEYS, TOO_MANY_BYTES,
        /** The memory budget is spent: nothing was changed. */
        NO_MEMORY,
        /** The store cannot take changes now: nothing was changed. */
        UNAVAILABLE
    }

    /** A connection's binding to one session, given by a successful {@link #connect}; operations name it. */
    interface Hold {
        /** The session's id. */
        String id();
    }

    /**
     * A CONNECT as the store sees it.
     *
     * @param id      the client id
     * @param hash    the 32 hash bytes, or null for the RSA edition (no password: a new id only, never resumed)
     * @param owner   the connection, compared by identity
     * @param address the peer's address key ({@code PeerAddress.keyOf}) a new session is counted against, or null
     */
    record Claim(String id, byte[] hash, Object owner, String address) {
    }

    /** What {@link #connect} came to: the outcome, and the hold when it is ok. */
    record Connected(Outcome outcome, Hold hold) {
        /** A refusal. */
        public static Connected refused(Outcome o) {
            return new Connected(o, null);
        }
    }

    /** Binds the claimed session to its connection: creates, resumes or refuses it. */
    CompletionStage<Connected> connect(Claim claim);

    /** Stores {@code value} under {@code key}; the store may keep the array, the caller must not change it. */
    CompletionStage<Stored> put(Hold hold, String key, byte[] value);

    /** A copy of the value under {@code key}, or null. */
    CompletionStage<byte[]> get(Hold hold, String key);

    /** Removes {@code key}; true when the key is not there afterwards. */
    CompletionStage<Boolean> delete(Hold hold, String key);

    /**
     * DISCONNECT, or a protocol violation: erases the session and its data; completes once the erasure is as
     * durable as the store makes its writes.
     */
    CompletionStage<Void> erase(Hold hold);

    /** The connection ended without DISCONNECT: the session waits for its client the resume window (or is erased). */
    void release(Hold hold);

    /** Erases every detached session whose resume window has passed; returns how many. */
    int expire();

    /** Sessions held now, bound or detached. */
    int sessions();

    /** Sessions bound to a live connection now. */
    int bound();

    /** Sessions detached now, waiting for their client. */
    int detached();

    /**
     * Called by a server's event loop once per pass, after it has handed the store every request it read in that
     * pass: a store that groups work (one fsync, one network flush for many connections) does it now, on the
     * caller's thread. Changes complete without it too, later; the default does nothing.
     */
    default void flush() {
    }

    /** Whether {@link #flush()} does anything: if not, nobody need ask for it. */
    default boolean flushes() {
        return false;
    }

    /** The memory budget the store charges what it holds to. */
    MemoryBudget budget();

    /** Makes everything acknowledged durable and lets go of the store's resources. */
    @Override
    void close();
}
