package dev.courier.kv.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.auth.LoginThrottle;
import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.Wire;
import dev.courier.kv.protocol.Edition;
import dev.courier.kv.protocol.KvRequest;
import dev.courier.kv.session.AccountsFile;
import dev.courier.kv.session.EmbeddedSessionStore;
import dev.courier.kv.session.SessionRegistry;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionStore.Outcome;
import dev.courier.kv.store.SessionTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CONNECT decision in order: protected mode, the throttle, then the store's binding, against a real store. */
class ConnectCommandTest {
    private static final byte[] RIGHT = Wire.hash(0x41);
    private static final byte[] WRONG = Wire.hash(0x42);
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final LoginThrottle.Policy POLICY = new LoginThrottle.Policy(2, Duration.ofSeconds(10),
            Duration.ofMinutes(5), Duration.ofHours(1), 1000);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.atEpochDay();
    private final SessionTable table = new SessionTable(10, 10, 1000);
    private final LongAdder throttled = new LongAdder();
    private final LoginThrottle throttle = new LoginThrottle(POLICY, clock);

    private static InetSocketAddress peer(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    private SessionStore open() {
        return EmbeddedSessionStore.inMemory(new SessionRegistry(table, null, WINDOW, clock));
    }

    private SessionStore accounts() throws Exception {
        AccountsFile file = AccountsFile.open(AccountsFile.under(dir), clock);
        file.put("alice", RIGHT);
        return EmbeddedSessionStore.inMemory(new SessionRegistry(table, file, WINDOW, clock));
    }

    private static SessionStore.Connected run(ConnectCommand c, String id, byte[] hash, Edition e, String ip,
                                              Object owner, SessionStore store) throws Exception {
        return c.execute(new KvRequest.Connect(id, hash), e, peer(ip), owner, store).toCompletableFuture().join();
    }

    @Test
    void protectedModeRefusesAPublicPeerBeforeTheStoreIsAsked() throws Exception {
        SessionStore store = open();
        ConnectCommand c = new ConnectCommand(throttle, true, throttled);
        assertThat(run(c, "a", RIGHT, Edition.TLS, "10.1.2.3", new Object(), store).outcome())
                .isEqualTo(Outcome.REFUSED);
        assertThat(store.sessions()).as("nothing created").isZero();
        assertThat(run(c, "a", RIGHT, Edition.TLS, "127.0.0.1", new Object(), store).outcome())
                .isEqualTo(Outcome.CREATED);
    }

    @Test
    void openModeCreatesBindsAndResumesThroughTheStore() throws Exception {
        SessionStore store = open();
        ConnectCommand c = new ConnectCommand(throttle, false, throttled);
        SessionStore.Connected first = run(c, "a", RIGHT, Edition.TLS, "10.0.0.1", new Object(), store);
        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(first.hold().id()).isEqualTo("a");
        assertThat(run(c, "a", RIGHT, Edition.TLS, "10.0.0.2", new Object(), store).outcome())
                .isEqualTo(Outcome.BUSY);
        store.release(first.hold());
        assertThat(run(c, "a", WRONG, Edition.TLS, "10.0.0.2", new Object(), store).outcome())
                .isEqualTo(Outcome.WRONG_HASH);
        assertThat(run(c, "a", RIGHT, Edition.TLS, "10.0.0.2", new Object(), store).outcome())
                .isEqualTo(Outcome.RESUMED);
    }

    @Test
    void failedPasswordsLockTheIdOutUntilTheClockPassesTheLockout() throws Exception {
        SessionStore store = accounts();
        ConnectCommand c = new ConnectCommand(throttle, false, throttled);
        for (int i = 0; i < POLICY.freeFailures(); i++) {
            assertThat(run(c, "alice", WRONG, Edition.TLS, "10.0.0.9", new Object(), store).outcome())
                    .isEqualTo(Outcome.REFUSED);
        }
        assertThat(run(c, "alice", RIGHT, Edition.TLS, "10.0.0.8", new Object(), store).outcome())
                .as("locked out: even the right hash is refused unchecked").isEqualTo(Outcome.REFUSED);
        assertThat(throttled.sum()).isEqualTo(1);
        assertThat(table.sessions()).isZero();
        clock.advance(POLICY.baseLockout().plusSeconds(1));
        assertThat(run(c, "alice", RIGHT, Edition.TLS, "10.0.0.8", new Object(), store).outcome())
                .isEqualTo(Outcome.CREATED);
    }

    @Test
    void theRsaEditionClaimsNewIdsOnlyAndKeepsNothingOnDisk() throws Exception {
        SessionStore store = open();
        ConnectCommand c = new ConnectCommand(throttle, false, throttled);
        Object owner = new Object();
        SessionStore.Connected first = run(c, "r", new byte[0], Edition.RSA, "127.0.0.1", owner, store);
        assertThat(first.outcome()).isEqualTo(Outcome.CREATED);
        store.release(first.hold());
        assertThat(table.sessions()).as("an RSA session ends with its connection").isZero();
    }
}
