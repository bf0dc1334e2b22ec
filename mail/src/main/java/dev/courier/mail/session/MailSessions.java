package dev.courier.mail.session;

import dev.courier.core.auth.Digests;
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
 * by {@code timeout} without a request. Time comes from a {@link Clock}.
 */
public final class MailSessions {
    /** Random bytes in a session id. */
    public static final int ID_BYTES = 16;

    private final int maxSessions;
    private final Duration timeout;
    private final Clock clock;
    private final Map<String, MailSession> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();

    /** A registry of at most {@code maxSessions}, each ending after {@code timeout} unused. */
    public MailSessions(int maxSessions, Duration timeout, Clock clock) {
        this.maxSessions = maxSessions;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Starts a session for an account, or empty when the registry is full even after dropping expired ones. */
    public Optional<MailSession> start(long accountId, String user) {
        if (count.incrementAndGet() > maxSessions) {
            count.decrementAndGet();
            expire();
            if (count.incrementAndGet() > maxSessions) {
                count.decrementAndGet();
                return Optional.empty();
            }
        }
        Instant now = clock.instant();
        while (true) {
            String id = HexFormat.of().formatHex(Digests.randomBytes(ID_BYTES));
            MailSession s = new MailSession(id, accountId, user, now);
            if (sessions.putIfAbsent(id, s) == null) {
                return Optional.of(s);
            }
        }
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
        if (sessions.remove(id) != null) {
            count.decrementAndGet();
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
