package dev.courier.bench.load;

import java.util.concurrent.atomic.AtomicLong;

/** The requests a test may still send: a shared count, or a deadline. */
final class Budget {
    private final AtomicLong remaining;
    private final long duration;
    private volatile long deadline = Long.MAX_VALUE;

    private Budget(long count, long duration) {
        this.remaining = new AtomicLong(count);
        this.duration = duration;
    }

    /** Starts the clock of a duration budget (a count budget ignores it). */
    void arm() {
        if (duration > 0) {
            deadline = System.nanoTime() + duration;
        }
    }

    /** A budget of {@code n} requests. */
    static Budget ofCount(long n) {
        return new Budget(n, 0);
    }

    /** Requests for {@code nanos} after {@link #arm()}. */
    static Budget ofNanos(long nanos) {
        return new Budget(Long.MAX_VALUE, nanos);
    }

    /** Takes one request; false when none is left. */
    boolean take() {
        if (System.nanoTime() >= deadline) {
            return false;
        }
        if (remaining.get() == Long.MAX_VALUE) {
            return true;
        }
        return remaining.getAndDecrement() > 0;
    }

    /** Whether any request may still be taken. */
    boolean more() {
        return System.nanoTime() < deadline && remaining.get() > 0;
    }
}
