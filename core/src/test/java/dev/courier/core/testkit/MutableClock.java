package dev.courier.core.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it, so time-dependent logic is tested without sleeping. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock showing {@code start}, in UTC. */
    public MutableClock(Instant start) {
        this(new AtomicReference<>(start), ZoneOffset.UTC);
    }

    /** A clock showing a fixed, arbitrary instant. */
    public static MutableClock atEpochDay() {
        return new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public MutableClock advance(Duration d) {
        now.updateAndGet(i -> i.plus(d));
        return this;
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(instant);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        // Shares the time with this clock, so moving one moves both.
        return new MutableClock(now, z);
    }
}
