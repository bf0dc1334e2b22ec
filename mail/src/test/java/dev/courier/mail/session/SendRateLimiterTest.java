package dev.courier.mail.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SendRateLimiterTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));
    private final SendRateLimiter limiter = new SendRateLimiter(60, clock);

    @Test
    void aMinutesWorthAtOnceThenOnePerSecondPerUser() {
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire(1)).as("message %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire(1)).isFalse();
        assertThat(limiter.tryAcquire(2)).as("another user has a bucket of their own").isTrue();
        clock.advance(Duration.ofMillis(999));
        assertThat(limiter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire(1)).isTrue();
        }
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void purgeForgetsOnlyFullBuckets() {
        limiter.tryAcquire(1);
        limiter.purge();
        for (int i = 0; i < 59; i++) {
            assertThat(limiter.tryAcquire(1)).isTrue();
        }
        assertThat(limiter.tryAcquire(1)).isFalse();
    }
}
