package dev.courier.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Throttles failed logins per key (a user id, an address): after {@code freeFailures} failures in a row, each
 * further attempt is refused unchecked until a lock-out passes, the lock-out doubling with every failure up to
 * a ceiling. Takes a {@link Clock} so tests can move time.
 *
 * <p>An attempt whose check takes time (a slow password hash) takes a slot under each of its keys with
 * {@link #begin} <em>before</em> the check and gives it back when it ends: a key's failures plus its attempts in
 * flight may not pass {@code freeFailures}, so sending many attempts at once cannot get more checked than sending
 * them one by one. Once a key has used its free failures, one attempt at a time may probe after each lock-out.
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
        int inFlight;
        Instant last;
        Instant blockedUntil = Instant.MIN;
        /** Made past {@code maxTracked} only to count attempts in flight; dropped when the last one ends. */
        boolean overflow;
    }

    /** One attempt holding a slot under each of its keys until it ends (exactly once; later calls do nothing). */
    public final class Attempt implements AutoCloseable {
        private final List<String> keys;
        private boolean ended;

        private Attempt(List<String> keys) {
            this.keys = keys;
        }

        /** The check failed: a failure is counted under every key. */
        public void failed() {
            end(true, null);
        }

        /** The check passed: the failures of {@code forget} (the user's key) are forgotten. */
        public void succeeded(String forget) {
            end(false, forget);
        }

        /** The attempt ended unchecked (a full queue, a failed store): nothing is counted. */
        @Override
        public void close() {
            end(false, null);
        }

        private synchronized void end(boolean failure, String forget) {
            if (ended) {
                return;
            }
            ended = true;
            for (String k : keys) {
                release(k, failure, k.equals(forget));
            }
        }
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

    /**
     * Takes a slot under every key for an attempt about to be checked, or null (nothing taken, counted as refused)
     * if one of the keys is locked out or already has as many failures plus attempts in flight as allowed.
     */
    public Attempt begin(String... keys) {
        Instant now = clock.instant();
        List<String> taken = new ArrayList<>(keys.length);
        for (String k : keys) {
            if (!acquire(k, now)) {
                for (String t : taken) {
                    release(t, false, false);
                }
                refused.incrementAndGet();
                return null;
            }
            taken.add(k);
        }
        return new Attempt(List.copyOf(taken));
    }

    private boolean acquire(String key, Instant now) {
        while (true) {
            Entry e = entries.get(key);
            if (e == null) {
                Entry fresh = new Entry();
                fresh.last = now;
                if (entries.size() >= policy.maxTracked()) {
                    purge(now);
                    // Attempts in flight are counted even past the cap (there are at most as many as the
                    // server lets wait); only their failures are then not remembered.
                    fresh.overflow = entries.size() >= policy.maxTracked();
                }
                e = entries.putIfAbsent(key, fresh);
                if (e == null) {
                    e = fresh;
                }
            }
            synchronized (e) {
                if (entries.get(key) != e) {
                    continue; // purged or forgotten meanwhile: start again with the live entry
                }
                forgetIfQuiet(e, now);
                if (now.isBefore(e.blockedUntil)) {
                    return false;
                }
                // Below the threshold: failures and attempts in flight together stay under it. At or past it
                // (a lock-out has passed): one probe at a time.
                int allowed = Math.max(1, policy.freeFailures() - e.failures);
                if (e.inFlight >= allowed) {
                    return false;
                }
                e.inFlight++;
                return true;
            }
        }
    }

    private void release(String key, boolean failure, boolean forget) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        synchronized (e) {
            e.inFlight = Math.max(0, e.inFlight - 1);
            Instant now = clock.instant();
            if (failure) {
                recordFailure(e, now);
            } else if (forget) {
                e.failures = 0;
                e.blockedUntil = Instant.MIN;
            }
            boolean idle = e.inFlight == 0 && (e.overflow || e.failures == 0 && !now.isBefore(e.blockedUntil));
            if (idle) {
                entries.remove(key, e);
            }
        }
    }

    private void forgetIfQuiet(Entry e, Instant now) {
        if (e.last != null && e.failures > 0 && !now.isBefore(e.blockedUntil)
                && Duration.between(e.last, now).compareTo(policy.forgetAfter()) > 0) {
            e.failures = 0;
        }
    }

    private void recordFailure(Entry e, Instant now) {
        forgetIfQuiet(e, now);
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

    /**
     * Whether an attempt for {@code key} must be refused now without being checked (for a check done at once,
     * with nothing in flight; a slow check uses {@link #begin}).
     */
    public boolean blocked(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            boolean b = clock.instant().isBefore(e.blockedUntil)
                    || e.inFlight >= Math.max(1, policy.freeFailures() - e.failures);
            if (b) {
                refused.incrementAndGet();
            }
            return b;
        }
    }

    /** Records a failed attempt for {@code key} (for a check done at once; a slow check uses {@link #begin}). */
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
            recordFailure(e, now);
        }
    }

    /** Forgets the failures of {@code key} (after a successful login of that user). */
    public void success(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return;
        }
        synchronized (e) {
            e.failures = 0;
            e.blockedUntil = Instant.MIN;
            if (e.inFlight == 0) {
                entries.remove(key, e);
            }
        }
    }

    /** Attempts refused unchecked so far. */
    public long refused() {
        return refused.get();
    }

    /** Keys tracked now. */
    public int tracked() {
        return entries.size();
    }

    /** Attempts in flight under {@code key} now. */
    public int inFlight(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return 0;
        }
        synchronized (e) {
            return e.inFlight;
        }
    }

    /** Drops entries neither blocked, nor recent, nor with an attempt in flight. */
    public void purge(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            synchronized (e) {
                if (e.inFlight == 0 && !now.isBefore(e.blockedUntil) && e.last != null
                        && Duration.between(e.last, now).compareTo(policy.forgetAfter()) > 0) {
                    it.remove();
                }
            }
        }
    }
}
