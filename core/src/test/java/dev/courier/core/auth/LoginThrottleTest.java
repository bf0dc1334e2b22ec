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

    @Test
    void attemptsInFlightCountAgainstTheFreeFailures() {
        LoginThrottle.Attempt a1 = throttle.begin("a");
        LoginThrottle.Attempt a2 = throttle.begin("a");
        LoginThrottle.Attempt a3 = throttle.begin("a");
        assertThat(a1).isNotNull();
        assertThat(a2).isNotNull();
        assertThat(a3).isNotNull();
        assertThat(throttle.begin("a")).as("3 in flight reach the threshold: refused unchecked").isNull();
        assertThat(throttle.inFlight("a")).isEqualTo(3);
        a1.failed();
        assertThat(throttle.begin("a")).as("1 failure + 2 in flight").isNull();
        a2.close();
        LoginThrottle.Attempt a4 = throttle.begin("a");
        assertThat(a4).as("1 failure + 1 in flight leaves one slot").isNotNull();
        a3.failed();
        a4.failed();
        assertThat(throttle.begin("a")).as("3 failures: locked out").isNull();
        assertThat(throttle.refused()).isEqualTo(3);
    }

    @Test
    void afterALockoutOneProbeAtATime() {
        fail("a", 3);
        clock.advance(Duration.ofSeconds(2));
        LoginThrottle.Attempt probe = throttle.begin("a");
        assertThat(probe).isNotNull();
        assertThat(throttle.begin("a")).as("a second probe while the first is in flight").isNull();
        assertThat(throttle.blocked("a")).as("the synchronous check agrees").isTrue();
        probe.failed();
        clock.advance(Duration.ofMillis(3999));
        assertThat(throttle.begin("a")).as("the failed probe doubled the lock-out").isNull();
    }

    @Test
    void anAttemptTakesEveryKeyOrNone() {
        fail("ip", 3);
        assertThat(throttle.begin("user", "ip")).isNull();
        assertThat(throttle.inFlight("user")).as("the user's slot was given back").isZero();
        LoginThrottle.Attempt ok = throttle.begin("user", "ip2");
        assertThat(throttle.inFlight("user")).isEqualTo(1);
        assertThat(throttle.inFlight("ip2")).isEqualTo(1);
        ok.failed();
        ok.failed();
        assertThat(throttle.inFlight("user")).isZero();
        assertThat(throttle.begin("user", "user2", "x")).isNotNull();
    }

    @Test
    void successForgetsOnlyTheNamedKey() {
        throttle.begin("user", "ip").failed();
        throttle.begin("user", "ip").failed();
        throttle.begin("user", "ip").succeeded("user");
        assertThat(throttle.tracked()).as("the address keeps its 2 failures").isEqualTo(1);
        LoginThrottle.Attempt one = throttle.begin("ip");
        assertThat(throttle.begin("ip")).as("2 failures + 1 in flight").isNull();
        one.close();
        assertThat(throttle.inFlight("ip")).isZero();
    }

    @Test
    void attemptsInFlightAreCountedEvenWhenTheTableIsFull() {
        for (int i = 0; i < 4; i++) {
            throttle.failure("k" + i);
        }
        LoginThrottle.Attempt a = throttle.begin("new");
        throttle.begin("new");
        throttle.begin("new");
        assertThat(throttle.begin("new")).isNull();
        assertThat(throttle.tracked()).isEqualTo(5);
        a.failed();
        throttle.purge(clock.instant());
        assertThat(throttle.inFlight("new")).isEqualTo(2);
    }

    @Test
    void manyThreadsAtOnceGetNoMoreChecksThanTheFreeFailures() throws Exception {
        int threads = 32;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Thread> all = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                LoginThrottle.Attempt a = throttle.begin("user" + n, "ip");
                if (a != null) {
                    checked.incrementAndGet();
                    a.failed();
                }
            });
            t.start();
            all.add(t);
        }
        for (Thread t : all) {
            t.join();
        }
        assertThat(checked.get()).isEqualTo(3);
        assertThat(throttle.refused()).isEqualTo(threads - 3);
    }
}
