package dev.courier.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throttles failed logins per key (a user id, an address): after {@code freeFailures} failures in a row, each
 * further attempt is refused unchecked until a lock-out passes, the lock-out doubling with every failure up to
 * a ceiling. Takes a {@link Clock} so tests can move time.
 */
public final class LoginThrottle {
    /** Settings of a throttle. */
    public record Policy(int freeFailures, Duration baseLockout, Duration maxLockout, Duration forgetAfter, int maxTracked) {
        /** Defaults: 5 free failures, 1 s doubling up to 5 min, forgotten after 15 min quiet, 100 000 keys tracked. */
        public static Policy defaults() {
            return new Policy(5, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofMinutes(15), 100_000);
        }
    }

    private static final class Entry {
        int failures;
        Instant last;
        Instant blockedUntil = Instant.MIN;
    }

    private final Policy policy;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    /** A throttle with the given policy and clock. */
    public LoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Whether an attempt for {@code key} must be refused now without being checked. */
    public boolean blocked(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            boolean b = clock.instant().isBefore(e.blockedUntil);
            if (b) {
                refused.incrementAndGet();
            }
            return b;
        }
    }

    /** Records a failed attempt for {@code key}. */
    public void failure(String key) {
        Instant now = clock.instant();
        if (!entries.containsKey(key) && entries.size() >= policy.maxTracked()) {
            purge(now);
            if (entries.size() >= policy.maxTracked()) {
                return;
            }
        }
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        synchronized (e) {
            if (e.last != null && Duration.between(e.last, now).compareTo(policy.forgetAfter()) > 0) {
                e.failures = 0;
            }
            e.failures++;
            e.last = now;
            int over = e.failures - policy.freeFailures();
            if (over >= 0) {
                Duration lock = policy.baseLockout().multipliedBy(1L << Math.min(over, 30));
                if (lock.compareTo(policy.maxLockout()) > 0 || lock.isNegative()) {
                    lock = policy.maxLockout();
                }
                e.blockedUntil = now.plus(lock);
            }
        }
    }

    /** Forgets the failures of {@code key} (after a successful login of that user). */
    public void success(String key) {
        entries.remove(key);
    }

    /** Attempts refused unchecked so far. */
    public long refused() {
        return refused.get();
    }

    /** Keys tracked now. */
    public int tracked() {
        return entries.size();
    }

    /** Drops entries neither blocked nor recent. */
    public void purge(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            synchronized (e) {
                if (!now.isBefore(e.blockedUntil) && Duration.between(e.last, now).compareTo(policy.forgetAfter()) > 0) {
                    it.remove();
                }
            }
        }
    }
}
