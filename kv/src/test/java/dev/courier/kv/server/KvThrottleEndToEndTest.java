package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 3: failed CONNECTs are throttled per id and per address, so a hash cannot be guessed online. */
class KvThrottleEndToEndTest {
    private static final Duration LOCKOUT = Duration.ofSeconds(10);
    private static final byte[] RIGHT = Wire.hash(0x0A);
    private static final byte[] WRONG = Wire.hash(0x0B);

    private final MutableClock clock = MutableClock.atEpochDay();

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withClock(clock).withLimits(cfg.limits()
            .withThrottle(new LoginThrottle.Policy(2, LOCKOUT, Duration.ofMinutes(1), Duration.ofMinutes(15), 1000))));

    private String connect(String id, byte[] hash) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect(id, hash);
            String answer = r.readLine();
            if (answer.equals("CONNECT: OK\n")) {
                r.send("PUT k\n" + id + "\n");
                assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            }
            return answer;
        } finally {
            await().until(() -> kv.server().registry().bound() == 0);
        }
    }

    @Test
    void afterTheFreeFailuresEvenTheRightHashIsRefusedUntilTheLockoutPasses() throws Exception {
        assertThat(connect("t", RIGHT)).isEqualTo("CONNECT: OK\n");
        assertThat(connect("t", WRONG)).isEqualTo("CONNECT: ERROR\n");
        assertThat(connect("t", WRONG)).isEqualTo("CONNECT: ERROR\n");
        assertThat(connect("t", RIGHT)).as("locked out").isEqualTo("CONNECT: ERROR\n");
        assertThat(kv.server().stats().throttled.sum()).isEqualTo(1);
        clock.advance(LOCKOUT.minusMillis(1));
        assertThat(connect("t", RIGHT)).as("still locked out").isEqualTo("CONNECT: ERROR\n");
        clock.advance(Duration.ofMillis(1));
        assertThat(connect("t", RIGHT)).isEqualTo("CONNECT: OK\n");
    }

    @Test
    void failuresFromOneAddressLockItOutForEveryId() throws Exception {
        assertThat(connect("p", RIGHT)).isEqualTo("CONNECT: OK\n");
        assertThat(connect("q", RIGHT)).isEqualTo("CONNECT: OK\n");
        assertThat(connect("p", WRONG)).isEqualTo("CONNECT: ERROR\n");
        assertThat(connect("q", WRONG)).isEqualTo("CONNECT: ERROR\n");
        assertThat(connect("fresh", RIGHT)).as("this address is locked out").isEqualTo("CONNECT: ERROR\n");
        assertThat(kv.server().registry().table().credential("fresh")).as("refused unchecked").isEmpty();
        clock.advance(LOCKOUT);
        assertThat(connect("fresh", RIGHT)).isEqualTo("CONNECT: OK\n");
    }

    @Test
    void aBusySessionIsNotAFailure() throws Exception {
        try (RawTlsConnection holder = RawTlsConnection.open(kv.port())) {
            holder.connect("b", RIGHT);
            assertThat(holder.readLine()).isEqualTo("CONNECT: OK\n");
            for (int i = 0; i < 4; i++) {
                try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
                    r.connect("b", RIGHT);
                    assertThat(r.readLine()).isEqualTo("CONNECT: ERROR\n");
                }
            }
        }
        await().until(() -> kv.server().registry().bound() == 0);
        assertThat(connect("b", RIGHT)).isEqualTo("CONNECT: OK\n");
    }
}
