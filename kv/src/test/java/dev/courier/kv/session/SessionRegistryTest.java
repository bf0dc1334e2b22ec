package dev.courier.kv.session;

import static dev.courier.kv.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.testkit.MutableClock;
import dev.courier.kv.Wire;
import dev.courier.kv.store.SessionStore.Outcome;
import dev.courier.kv.store.SessionTable;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {
    private static final byte[] RIGHT = Wire.hash(1);
    private static final byte[] WRONG = Wire.hash(2);
    private static final Duration WINDOW = Duration.ofSeconds(300);

    private final MutableClock clock = MutableClock.atEpochDay();
    private final SessionTable store = new SessionTable(3, 100, 10_000);
    private final SessionRegistry registry = new SessionRegistry(store, null, WINDOW, clock);
    private final Object conn1 = new Object();
    private final Object conn2 = new Object();

    private void putK(String id) {
        store.put(id, "k", bytes("v"));
    }

    @Test
    void theFirstConnectCreatesAndBinds() {
        assertThat(registry.connect("a", RIGHT, conn1)).isEqualTo(Outcome.CREATED);
        assertThat(registry.bound()).isEqualTo(1);
        assertThat(store.sessions()).isEqualTo(1);
    }

    @Test
    void aBoundSessionIsBusyWhateverTheHash() {
        registry.connect("a", RIGHT, conn1);
        assertThat(registry.connect("a", RIGHT, conn2)).isEqualTo(Outcome.BUSY);
        assertThat(registry.connect("a", WRONG, conn2)).isEqualTo(Outcome.BUSY);
        assertThat(registry.bound()).isEqualTo(1);
    }

    @Test
    void aDetachedSessionResumesWithTheRightHashDataIntact() {
        registry.connect("a", RIGHT, conn1);
        putK("a");
        registry.detach("a", conn1);
        assertThat(registry.detached()).isEqualTo(1);
        assertThat(registry.connect("a", RIGHT, conn2)).isEqualTo(Outcome.RESUMED);
        assertThat(store.get("a", "k")).isEqualTo(bytes("v"));
        assertThat(registry.bound()).isEqualTo(1);
        assertThat(registry.detached()).isZero();
    }

    @Test
    void aDetachedSessionRefusesAWrongHashAndStaysDetached() {
        registry.connect("a", RIGHT, conn1);
        putK("a");
        registry.detach("a", conn1);
        assertThat(registry.connect("a", WRONG, conn2)).isEqualTo(Outcome.WRONG_HASH);
        assertThat(registry.detached()).isEqualTo(1);
        assertThat(registry.connect("a", RIGHT, conn2)).isEqualTo(Outcome.RESUMED);
        assertThat(store.get("a", "k")).isEqualTo(bytes("v"));
    }

    @Test
    void onlyTheBoundConnectionCanDetachOrErase() {
        registry.connect("a", RIGHT, conn1);
        registry.detach("a", conn2);
        registry.erase("a", conn2);
        assertThat(registry.bound()).isEqualTo(1);
        assertThat(store.sessions()).isEqualTo(1);
    }

    @Test
    void eraseRemovesTheSessionAndItsData() {
        registry.connect("a", RIGHT, conn1);
        putK("a");
        registry.erase("a", conn1);
        assertThat(store.sessions()).isZero();
        assertThat(registry.connect("a", WRONG, conn2)).as("a new session, any password").isEqualTo(Outcome.CREATED);
        assertThat(store.get("a", "k")).isNull();
    }

    @Test
    void theWindowEndsLazilyOnTheNextConnect() {
        registry.connect("a", RIGHT, conn1);
        putK("a");
        registry.detach("a", conn1);
        clock.advance(WINDOW.minusMillis(1));
        registry.connect("a", RIGHT, conn2);
        registry.detach("a", conn2);
        clock.advance(WINDOW);
        assertThat(registry.connect("a", WRONG, conn1)).as("expired: a new session").isEqualTo(Outcome.CREATED);
        assertThat(store.get("a", "k")).isNull();
    }

    @Test
    void expireErasesSessionsPastTheirWindowOnly() {
        registry.connect("old", RIGHT, conn1);
        registry.detach("old", conn1);
        clock.advance(Duration.ofSeconds(200));
        registry.connect("young", RIGHT, conn2);
        registry.detach("young", conn2);
        registry.connect("live", RIGHT, new Object());
        clock.advance(Duration.ofSeconds(100));
        assertThat(registry.expire()).isEqualTo(1);
        assertThat(store.credential("old")).isEmpty();
        assertThat(store.sessions()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1000));
        assertThat(registry.expire()).as("bound sessions never expire").isEqualTo(1);
        assertThat(registry.bound()).isEqualTo(1);
        assertThat(store.sessions()).isEqualTo(1);
    }

    @Test
    void aWindowOfZeroErasesAtOnce() {
        SessionRegistry now = new SessionRegistry(store, null, Duration.ZERO, clock);
        now.connect("a", RIGHT, conn1);
        putK("a");
        now.detach("a", conn1);
        assertThat(store.sessions()).isZero();
        assertThat(now.detached()).isZero();
        assertThat(now.connect("a", WRONG, conn2)).isEqualTo(Outcome.CREATED);
    }

    @Test
    void theSessionLimitCountsDetachedSessions() {
        registry.connect("a", RIGHT, conn1);
        registry.connect("b", RIGHT, conn2);
        Object c3 = new Object();
        registry.connect("c", RIGHT, c3);
        registry.detach("c", c3);
        Object c4 = new Object();
        assertThat(registry.connect("d", RIGHT, c4)).isEqualTo(Outcome.FULL);
        registry.erase("a", conn1);
        assertThat(registry.connect("d", RIGHT, c4)).isEqualTo(Outcome.CREATED);
        assertThat(registry.connect("e", RIGHT, new Object())).isEqualTo(Outcome.FULL);
        assertThat(store.sessions()).isEqualTo(3);
    }

    @Test
    void expiredSessionsMakeRoomForNewOnes() {
        registry.connect("a", RIGHT, conn1);
        registry.connect("b", RIGHT, conn2);
        Object c3 = new Object();
        registry.connect("c", RIGHT, c3);
        registry.detach("c", c3);
        clock.advance(WINDOW);
        registry.expire();
        assertThat(registry.connect("d", RIGHT, new Object())).isEqualTo(Outcome.CREATED);
    }

    @Test
    void theStoreKeepsNoRawHash() {
        registry.connect("a", RIGHT, conn1);
        assertThat(store.credential("a")).hasValueSatisfying(d -> {
            assertThat(d.digest()).isNotEqualTo(RIGHT);
            assertThat(d.matches(RIGHT)).isTrue();
            assertThat(d.matches(WRONG)).isFalse();
        });
    }
}
