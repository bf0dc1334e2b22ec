package dev.courier.kv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.session.AccountsFile;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec section 3, accounts mode: only listed ids, with their password; accounts change while the server runs. */
class KvAccountsEndToEndTest {
    private static final byte[] ALICE = Wire.hash(0xA1);
    private final MutableClock clock = MutableClock.atEpochDay();

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(cfg -> cfg.withClock(clock));
    private AccountsFile operator;

    @BeforeEach
    void withAnAccount() throws Exception {
        operator = AccountsFile.open(kv.server().config().accountsFile(), clock);
        operator.put("alice", ALICE);
        kv.start(kv.server().config().withMode(KvAuthMode.ACCOUNTS));
    }

    private String connect(String id, byte[] hash) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect(id, hash);
            return r.readLine();
        } finally {
            await().until(() -> kv.server().registry().bound() == 0);
        }
    }

    @Test
    void onlyAListedIdWithItsPasswordMayConnect() throws Exception {
        assertThat(kv.server().mode()).isEqualTo(KvAuthMode.ACCOUNTS);
        assertThat(connect("mallory", ALICE)).isEqualTo("CONNECT: ERROR\n");
        assertThat(connect("alice", Wire.hash(0xA2))).isEqualTo("CONNECT: ERROR\n");
        assertThat(connect("alice", ALICE)).isEqualTo("CONNECT: OK\n");
    }

    @Test
    void accountsAddedAndRemovedWhileRunningTakeEffect() throws Exception {
        byte[] bob = Wire.hash(0xB0);
        assertThat(connect("bob", bob)).isEqualTo("CONNECT: ERROR\n");
        operator.put("bob", bob);
        clock.advance(AccountsFile.RELOAD_CHECK.plus(Duration.ofMillis(1)));
        assertThat(connect("bob", bob)).isEqualTo("CONNECT: OK\n");
        operator.remove("bob");
        clock.advance(AccountsFile.RELOAD_CHECK.plus(Duration.ofMillis(1)));
        assertThat(connect("bob", bob)).as("removed, even though a detached session exists")
                .isEqualTo("CONNECT: ERROR\n");
    }
}
