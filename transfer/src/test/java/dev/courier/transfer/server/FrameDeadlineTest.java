package dev.courier.transfer.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The deadline is measured on its clock from arming, and bytes arriving do not move it. */
class FrameDeadlineTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void passesOnlyOnceItsTimeIsUpAndNotWhenDisarmed() {
        ManualClock clock = new ManualClock();
        FrameDeadline d = new FrameDeadline(clock);
        assertThat(d.armed()).isFalse();
        assertThat(d.passed()).isFalse();
        d.arm(Duration.ofSeconds(10), "first frame after connecting");
        clock.advance(Duration.ofMillis(9_999));
        assertThat(d.passed()).isFalse();
        assertThat(d.remainingMillis()).isEqualTo(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(d.passed()).isTrue();
        assertThat(d.reason()).isEqualTo("too slow: first frame after connecting not complete within 10000 ms");
        d.disarm();
        assertThat(d.passed()).isFalse();
        assertThat(d.remainingMillis()).isZero();
    }

    @Test
    void theLimitsGiveAChunkItsBytesAtTheMinimumRate() {
        var limits = dev.courier.transfer.TransferLimits.defaults();
        assertThat(limits.frameDeadline(2048)).isEqualTo(Duration.ofSeconds(10));
        assertThat(limits.frameDeadline(50)).isEqualTo(Duration.ofSeconds(10));
        // 1 MiB chunk and its header at 4 KiB/s: 10 s + (1 048 582 - 2 048) / 4 096 s.
        assertThat(limits.frameDeadline((1 << 20) + 6)).isEqualTo(Duration.ofMillis(10_000 + 255_501));
    }
}
