package dev.courier.bench.mail;

import java.time.Duration;

/**
 * One mail load test.
 *
 * @param clients   connections, each logged in as one of the accounts
 * @param pipeline  sends in flight per connection
 * @param bodyBytes size of each message body
 * @param warmup    time sending before measuring starts
 * @param duration  time measured
 */
public record MailLoadSpec(int clients, int pipeline, int bodyBytes, Duration warmup, Duration duration) {
    /** The subject of every message the benchmark sends (and deletes afterwards). */
    public static final String SUBJECT = "courier-bench-mail";

    /** Checks the values. */
    public MailLoadSpec {
        if (clients < 1 || pipeline < 1 || bodyBytes < 0) {
            throw new IllegalArgumentException("clients and pipeline must be positive, the body size not negative");
        }
        if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
            throw new IllegalArgumentException("the duration must be positive, the warm-up not negative");
        }
    }
}
