package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 6: a detached session waits for its client for the resume window, then is erased. */
class KvResumeWindowEndToEndTest {
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final byte[] FIRST = Wire.hash(0x21);
    private static final byte[] SECOND = Wire.hash(0x22);

    private final MutableClock clock = MutableClock.atEpochDay();

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withClock(clock)
            .withLimits(cfg.limits().withResumeWindow(WINDOW).withMaxSessions(1)));

    private void leaveWithData(String id) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect(id, FIRST);
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        await().until(() -> kv.server().registry().detached() == 1);
    }

    private String connectAndGet(String id, byte[] hash) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect(id, hash);
            String answer = r.readLine();
            if (!answer.equals("CONNECT: OK\n")) {
                return answer;
            }
            r.send("GET k\n");
            return r.readLine();
        } finally {
            await().until(() -> kv.server().registry().bound() == 0);
        }
    }

    @Test
    void withinTheWindowTheSessionResumesEvenAtTheSessionLimit() throws Exception {
        leaveWithData("w");
        clock.advance(WINDOW.minusSeconds(1));
        assertThat(connectAndGet("w", FIRST)).as("resuming adds no session").isEqualTo("GET v\n");
    }

    @Test
    void afterTheWindowTheSessionIsGoneAndItsIdFree() throws Exception {
        leaveWithData("w");
        clock.advance(WINDOW);
        assertThat(connectAndGet("w", SECOND)).isEqualTo("GET: ERROR\n");
    }

    @Test
    void theSweeperErasesExpiredSessionsWithoutAConnect() throws Exception {
        leaveWithData("w");
        assertThat(connectAndGet("other", SECOND)).as("the detached session fills the store")
                .isEqualTo("CONNECT: ERROR\n");
        clock.advance(WINDOW);
        await().atMost(Duration.ofSeconds(10)).until(() -> kv.server().registry().table().sessions() == 0);
        assertThat(connectAndGet("other", SECOND)).isEqualTo("GET: ERROR\n");
    }

    @Test
    void aWindowOfZeroErasesAtOnce() throws Exception {
        kv.start(kv.server().config().withLimits(kv.server().config().limits().withResumeWindow(Duration.ZERO)));
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("z", FIRST);
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        await().until(() -> kv.server().registry().table().sessions() == 0);
        assertThat(connectAndGet("z", SECOND)).isEqualTo("GET: ERROR\n");
    }
}
