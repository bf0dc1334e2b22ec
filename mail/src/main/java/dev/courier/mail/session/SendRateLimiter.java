package dev.courier.mail.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages per minute per user, as a token bucket: a full minute's worth may go at once, then they come back
 * evenly. Kept per server; time comes from a {@link Clock}.
 */
public final class SendRateLimiter {
    private static final long NANOS_PER_MINUTE = Duration.ofMinutes(1).toNanos();

    private static final class Bucket {
        double tokens;
        Instant last;

        Bucket(double tokens, Instant last) {
            this.tokens = tokens;
            this.last = last;
        }
    }

    private final int perMinute;
    private final Clock clock;
    private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

    /** A limiter of {@code perMinute} messages per minute per account. */
    public SendRateLimiter(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** Takes one message from the account's bucket; false if it is empty. */
    public boolean tryAcquire(long accountId) {
        Instant now = clock.instant();
        Bucket b = buckets.computeIfAbsent(accountId, k -> new Bucket(perMinute, now));
        synchronized (b) {
            refill(b, now);
            if (b.tokens < 1) {
                return false;
            }
            b.tokens -= 1;
            return true;
        }
    }

    private void refill(Bucket b, Instant now) {
        long nanos = Duration.between(b.last, now).toNanos();
        if (nanos > 0) {
            b.tokens = Math.min(perMinute, b.tokens + (double) nanos * perMinute / NANOS_PER_MINUTE);
            b.last = now;
        }
    }

    /** Forgets buckets that have refilled completely (they are the same as none). */
    public void purge() {
        Instant now = clock.instant();
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                refill(e.getValue(), now);
                return e.getValue().tokens >= perMinute;
            }
        });
    }

    /** The limit per minute. */
    public int perMinute() {
        return perMinute;
    }
}
