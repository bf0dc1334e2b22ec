package dev.courier.mail.session;

import dev.courier.core.auth.Digests;
import dev.courier.core.net.PerAddressCounter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sessions of one server: made at login with 128 random bits, usable from any connection, ended by logoff or
 * by {@code timeout} without a request. At most {@code maxSessions} in all and {@code maxPerUser} per account, so
 * one account cannot take the sessions every other user needs. Time comes from a {@link Clock}.
 */
public final class MailSessions {
    /** Random bytes in a session id. */
    public static final int ID_BYTES = 16;

    /** What {@link #start} did. */
    public sealed interface Start {
        /** The session started, if it did. */
        default Optional<MailSession> started() {
            return this instanceof Started s ? Optional.of(s.session()) : Optional.empty();
        }

        /** A new session. */
        record Started(MailSession session) implements Start {
        }

        /** Refused: the server holds its maximum of sessions. */
        record ServerFull(int max) implements Start {
        }

        /** Refused: the account holds its maximum of sessions. */
        record UserFull(int max) implements Start {
        }
    }

    private final int maxSessions;
    private final PerAddressCounter perUser;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, MailSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A registry of at most {@code maxSessions} (as many per account), each ending after {@code timeout} unused. */
    public MailSessions(int maxSessions, Duration timeout, Clock clock) {
        this(maxSessions, maxSessions, timeout, clock);
    }

    /** A registry of at most {@code maxSessions}, {@code maxPerUser} per account, ending after {@code timeout}. */
    public MailSessions(int maxSessions, int maxPerUser, Duration timeout, Clock clock) {
        this.maxSessions = maxSessions;
        this.perUser = new PerAddressCounter(maxPerUser);
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Starts a session for an account, unless the server or the account is full even after dropping expired ones. */
    public Start start(long accountId, String user) {
        String key = userKey(accountId);
        if (!perUser.tryAcquire(key)) {
            expire();
            if (!perUser.tryAcquire(key)) {
                return new Start.UserFull(perUser.maxPerAddress());
            }
        }
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            expire();
            if (count.incrementAndGet() > maxSessions) {
                count.decrementAndGet();
                perUser.release(key);
                return new Start.ServerFull(maxSessions);
            }
        }
        Instant now = clock.instant();
        while (true) {
            String id = HexFormat.of().formatHex(Digests.randomBytes(ID_BYTES));
            MailSession s = new MailSession(id, accountId, user, now);
            if (sessions.putIfAbsent(id, s) == null) {
                return new Start.Started(s);
            }
        }
    }

    private static String userKey(long accountId) {
        return Long.toString(accountId);
    }

    /** Sessions the account holds now. */
    public int held(long accountId) {
        return perUser.held(userKey(accountId));
    }

    /** The live session with this id, marked as used now; empty if unknown or expired (an expired one is ended). */
    public Optional<MailSession> use(String id) {
        MailSession s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(s, now)) {
            end(id);
            return Optional.empty();
        }
        s.touch(now);
        return Optional.of(s);
    }

    /** Ends a session; false if it was not there. */
    public boolean end(String id) {
        MailSession s = sessions.remove(id);
        if (s != null) {
            count.decrementAndGet();
            perUser.release(userKey(s.accountId()));
            return true;
        }
        return false;
    }

    /** Ends every session past its timeout; returns how many. */
    public int expire() {
        Instant now = clock.instant();
        int n = 0;
        for (MailSession s : sessions.values()) {
            if (expired(s, now) && end(s.id())) {
                n++;
            }
        }
        return n;
    }

    private boolean expired(MailSession s, Instant now) {
        return !now.isBefore(s.lastUsed().plus(timeout));
    }

    /** Sessions held now. */
    public int size() {
        return count.get();
    }
}
