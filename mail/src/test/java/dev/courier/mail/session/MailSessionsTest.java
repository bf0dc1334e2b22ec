package dev.courier.mail.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.mail.MutableClock;
import dev.courier.mail.protocol.Wire;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MailSessionsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T00:00:00Z"));
    private final MailSessions sessions = new MailSessions(3, Duration.ofMinutes(30), clock);

    @Test
    void idsAre32LowercaseHexAndDistinct() {
        MailSessions many = new MailSessions(10_000, Duration.ofMinutes(30), clock);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = many.start(1, "u").started().orElseThrow().id();
            assertThat(Wire.isSessionId(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void aSessionEndsAfterItsTimeoutWithoutUseAndUseKeepsItAlive() {
        String id = sessions.start(7, "alice").started().orElseThrow().id();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.use(id)).get().extracting(MailSession::accountId).isEqualTo(7L);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.use(id)).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.use(id)).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void sweepEndsOnlyExpiredOnes() {
        String old = sessions.start(1, "a").started().orElseThrow().id();
        clock.advance(Duration.ofMinutes(20));
        String fresh = sessions.start(2, "b").started().orElseThrow().id();
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.expire()).isEqualTo(1);
        assertThat(sessions.use(old)).isEmpty();
        assertThat(sessions.use(fresh)).isPresent();
    }

    @Test
    void fullRegistryRefusesUntilOneEndsOrExpires() {
        String a = sessions.start(1, "a").started().orElseThrow().id();
        sessions.start(2, "b").started().orElseThrow();
        sessions.start(3, "c").started().orElseThrow();
        assertThat(sessions.start(4, "d").started()).isEmpty();
        assertThat(sessions.end(a)).isTrue();
        assertThat(sessions.end(a)).isFalse();
        assertThat(sessions.start(4, "d").started()).isPresent();
        assertThat(sessions.start(5, "e").started()).isEmpty();
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.start(5, "e").started()).isPresent();
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void toStringDoesNotShowTheWholeId() {
        MailSession s = sessions.start(1, "a").started().orElseThrow();
        assertThat(s.toString()).doesNotContain(s.id());
    }

    @Test
    void oneAccountHoldsAtMostItsShareAndOthersStillGetIn() {
        MailSessions capped = new MailSessions(10, 2, Duration.ofMinutes(30), clock);
        String first = capped.start(1, "a").started().orElseThrow().id();
        capped.start(1, "a").started().orElseThrow();
        assertThat(capped.start(1, "a")).isEqualTo(new MailSessions.Start.UserFull(2));
        assertThat(capped.start(2, "b").started()).as("another account is not affected").isPresent();
        assertThat(capped.held(1)).isEqualTo(2);
        capped.end(first);
        assertThat(capped.start(1, "a").started()).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(capped.start(1, "a").started()).as("expired sessions make room").isPresent();
        assertThat(capped.held(1)).isEqualTo(1);
        assertThat(capped.size()).isEqualTo(1);
    }

    @Test
    void aFullServerGivesBackTheUsersShare() {
        MailSessions small = new MailSessions(1, 5, Duration.ofMinutes(30), clock);
        small.start(1, "a").started().orElseThrow();
        assertThat(small.start(2, "b")).isEqualTo(new MailSessions.Start.ServerFull(1));
        assertThat(small.held(2)).isZero();
    }
}
