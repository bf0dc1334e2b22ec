package dev.courier.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private final MutableClock clock = MutableClock.atEpochDay();
    private final LoginThrottle throttle = new LoginThrottle(
            new LoginThrottle.Policy(3, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(1), 4),
            clock);

    private void fail(String key, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failure(key);
        }
    }

    @Test
    void freeFailuresAreNotBlocked() {
        fail("a", 2);
        assertThat(throttle.blocked("a")).isFalse();
        assertThat(throttle.refused()).isZero();
    }

    @Test
    void blocksAfterTheFreeFailuresUntilTheLockoutPasses() {
        fail("a", 3);
        assertThat(throttle.blocked("a")).isTrue();
        assertThat(throttle.blocked("b")).as("other keys are not affected").isFalse();
        clock.advance(Duration.ofMillis(1999));
        assertThat(throttle.blocked("a")).isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.blocked("a")).isFalse();
        assertThat(throttle.refused()).isEqualTo(2);
    }

    @Test
    void lockoutDoublesWithEachFailureUpToTheCeiling() {
        fail("a", 3);
        clock.advance(Duration.ofSeconds(2));
        throttle.failure("a");
        clock.advance(Duration.ofMillis(3999));
        assertThat(throttle.blocked("a")).as("second lockout is 4 s").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.blocked("a")).isFalse();
        fail("a", 5);
        clock.advance(Duration.ofMillis(9999));
        assertThat(throttle.blocked("a")).as("capped at 10 s").isTrue();
        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.blocked("a")).isFalse();
    }

    @Test
    void successForgetsTheFailures() {
        fail("a", 2);
        throttle.success("a");
        fail("a", 2);
        assertThat(throttle.blocked("a")).isFalse();
        assertThat(throttle.tracked()).isEqualTo(1);
    }

    @Test
    void failuresFarApartDoNotAddUp() {
        fail("a", 2);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        throttle.failure("a");
        assertThat(throttle.blocked("a")).isFalse();
    }

    @Test
    void purgeDropsQuietEntriesButKeepsBlockedOnes() {
        fail("quiet", 1);
        fail("locked", 3);
        clock.advance(Duration.ofSeconds(61));
        throttle.purge(clock.instant());
        assertThat(throttle.tracked()).isZero();
        fail("locked", 9);
        clock.advance(Duration.ofSeconds(5));
        throttle.purge(clock.instant());
        assertThat(throttle.tracked()).isEqualTo(1);
        assertThat(throttle.blocked("locked")).isTrue();
    }

    @Test
    void tracksAtMostTheConfiguredNumberOfKeys() {
        for (int i = 0; i < 10; i++) {
            throttle.failure("k" + i);
        }
        assertThat(throttle.tracked()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(61));
        throttle.failure("late");
        assertThat(throttle.tracked()).as("quiet entries purged to make room").isEqualTo(1);
    }
}
