package dev.courier.kv.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.Wire;
import dev.courier.kv.store.SessionStore.Outcome;
import dev.courier.kv.store.SessionTable;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccountsModeTest {
    private static final byte[] ALICE = Wire.hash(0x11);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.atEpochDay();
    private final SessionTable store = new SessionTable(10, 10, 1000);
    private AccountsFile accounts;
    private SessionRegistry registry;

    @BeforeEach
    void setUp() throws Exception {
        accounts = AccountsFile.open(AccountsFile.under(dir), clock);
        accounts.put("alice", ALICE);
        registry = new SessionRegistry(store, accounts, Duration.ofSeconds(300), clock);
    }

    @Test
    void anUnknownIdIsRefused() {
        assertThat(registry.connect("mallory", ALICE, new Object())).isEqualTo(Outcome.REFUSED);
        assertThat(store.sessions()).isZero();
    }

    @Test
    void aWrongHashIsRefusedEvenForANewSession() {
        assertThat(registry.connect("alice", Wire.hash(0x12), new Object())).isEqualTo(Outcome.REFUSED);
        assertThat(store.sessions()).isZero();
    }

    @Test
    void theAccountsHashCreatesAndResumes() {
        Object c1 = new Object();
        assertThat(registry.connect("alice", ALICE, c1)).isEqualTo(Outcome.CREATED);
        registry.detach("alice", c1);
        assertThat(registry.connect("alice", ALICE, new Object())).isEqualTo(Outcome.RESUMED);
    }

    @Test
    void aChangedPasswordResumesTheSessionAndTheOldOneIsRefused() throws Exception {
        Object c1 = new Object();
        assertThat(registry.connect("alice", ALICE, c1)).isEqualTo(Outcome.CREATED);
        registry.detach("alice", c1);
        byte[] changed = Wire.hash(0x13);
        assertThat(accounts.change("alice", changed)).isTrue();
        assertThat(registry.connect("alice", ALICE, new Object())).isEqualTo(Outcome.REFUSED);
        assertThat(registry.connect("alice", changed, new Object())).isEqualTo(Outcome.RESUMED);
        assertThat(store.sessions()).isOne();
    }

    @Test
    void aRemovedAccountCanNoLongerConnect() throws Exception {
        accounts.remove("alice");
        assertThat(registry.connect("alice", ALICE, new Object())).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void theRsaEditionIsRefusedInAccountsMode() {
        assertThat(registry.connectWithoutPassword("alice", new Object())).isEqualTo(Outcome.REFUSED);
    }
}
