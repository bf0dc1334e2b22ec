package dev.courier.kv.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.kv.Wire;
import dev.courier.kv.redis.RedisExtension;
import dev.courier.kv.redis.RedisProcess;
import dev.courier.kv.store.SessionStore;
import dev.courier.kv.store.SessionStore.Claim;
import dev.courier.kv.store.SessionStore.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Redis store against a real redis-server: bindings, fencing, expiry, outages. Two stores are two nodes. */
class RedisSessionStoreTest {
    private static final byte[] RIGHT = Wire.hash(0x41);
    private static final byte[] WRONG = Wire.hash(0x42);

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private final List<RedisSessionStore> open = new ArrayList<>();

    private RedisSessionStore node(RedisStoreConfig cfg) {
        RedisSessionStore s = RedisSessionStore.open(cfg, null, MemoryBudget.unlimited(), 1000, 100, 1 << 20,
                Duration.ofMinutes(5));
        open.add(s);
        return s;
    }

    private RedisSessionStore node() {
        return node(RedisStoreConfig.of(REDIS.uri()).withTimeout(Duration.ofMillis(400)));
    }

    @AfterEach
    void close() {
        open.forEach(RedisSessionStore::close);
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static SessionStore.Connected connect(SessionStore s, String id, byte[] hash) throws Exception {
        return get(s.connect(new Claim(id, hash, new Object(), "127.0.0.1")));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void createResumeRefuse() throws Exception {
        RedisSessionStore a = node();
        RedisSessionStore b = node();
        SessionStore.Connected c = connect(a, "s", RIGHT);
        assertThat(c.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(get(a.put(c.hold(), "k", b("v")))).isEqualTo(SessionStore.Stored.STORED);
        assertThat(connect(b, "s", RIGHT).outcome()).isEqualTo(Outcome.BUSY);
        a.release(c.hold());
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{s}:l").trim().equals("0"));
        assertThat(REDIS.cli("PTTL", "courier:s:{s}:m").trim()).satisfies(t ->
                assertThat(Long.parseLong(t)).as("the resume window, not the lease").isGreaterThan(60_000));
        assertThat(connect(b, "s", WRONG).outcome()).isEqualTo(Outcome.WRONG_HASH);
        SessionStore.Connected r = connect(b, "s", RIGHT);
        assertThat(r.outcome()).isEqualTo(Outcome.RESUMED);
        assertThat(get(b.get(r.hold(), "k"))).isEqualTo(b("v"));
        // Only the salted digest is stored, never the 32 hash bytes.
        String digest = REDIS.cli("HGET", "courier:s:{s}:m", "d").trim();
        assertThat(digest).contains(":").doesNotContain(java.util.HexFormat.of().formatHex(RIGHT));
    }

    @Test
    void aNodeWhoseLeaseLapsedCanNoLongerTouchTheSession() throws Exception {
        RedisSessionStore a = node();
        RedisSessionStore b = node();
        SessionStore.Connected old = connect(a, "f", RIGHT);
        assertThat(get(a.put(old.hold(), "k", b("a's")))).isEqualTo(SessionStore.Stored.STORED);
        // As if node a had been paused past its lease: the lease key expires, node b binds the session.
        REDIS.cli("DEL", "courier:s:{f}:l");
        SessionStore.Connected now = connect(b, "f", RIGHT);
        assertThat(now.outcome()).isEqualTo(Outcome.RESUMED);
        assertThat(get(b.put(now.hold(), "k", b("b's")))).isEqualTo(SessionStore.Stored.STORED);
        // Node a wakes up: every command it sends carries its old token, and Redis refuses it.
        assertThat(get(a.put(old.hold(), "k", b("stale")))).isEqualTo(SessionStore.Stored.NO_SESSION);
        assertThatThrownBy(() -> get(a.get(old.hold(), "k"))).hasCauseInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> get(a.delete(old.hold(), "k"))).hasCauseInstanceOf(LeaseLostException.class);
        get(a.erase(old.hold()));
        a.release(old.hold());
        assertThat(get(b.get(now.hold(), "k"))).isEqualTo(b("b's"));
        assertThat(a.bound()).isZero();
    }

    @Test
    void leasesAreRenewedWhileTheNodeLivesAndLapseWhenItStops() throws Exception {
        RedisStoreConfig cfg = RedisStoreConfig.of(REDIS.uri()).withLease(Duration.ofMillis(600));
        RedisSessionStore a = node(cfg);
        SessionStore.Connected c = connect(a, "l", RIGHT);
        Thread.sleep(1500); // two and a half leases: only renewals keep it
        assertThat(REDIS.cli("GET", "courier:s:{l}:l").trim()).isNotEmpty();
        assertThat(get(a.put(c.hold(), "k", b("v")))).isEqualTo(SessionStore.Stored.STORED);
    }

    @Test
    void racingConnectsOnTwoNodesBindOnce() throws Exception {
        RedisSessionStore a = node();
        RedisSessionStore b = node();
        for (int i = 0; i < 200; i++) {
            String id = "r" + i;
            CompletableFuture<SessionStore.Connected> x =
                    a.connect(new Claim(id, RIGHT, new Object(), "127.0.0.1")).toCompletableFuture();
            CompletableFuture<SessionStore.Connected> y =
                    b.connect(new Claim(id, RIGHT, new Object(), "127.0.0.1")).toCompletableFuture();
            int oks = (x.get(10, TimeUnit.SECONDS).outcome().ok() ? 1 : 0)
                    + (y.get(10, TimeUnit.SECONDS).outcome().ok() ? 1 : 0);
            assertThat(oks).as("id %s", id).isEqualTo(1);
        }
    }

    @Test
    void anUnansweredCommandFailsWithinTheTimeoutAndServiceComesBack() throws Exception {
        RedisSessionStore a = node();
        SessionStore.Connected c = connect(a, "o", RIGHT);
        REDIS.process().pause();
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> get(a.put(c.hold(), "k", b("v")))).isInstanceOf(ExecutionException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(a.healthy()).isFalse();
        } finally {
            REDIS.process().resume();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                return get(a.put(c.hold(), "k", b("after"))) == SessionStore.Stored.STORED;
            } catch (ExecutionException e) {
                return false;
            }
        });
        assertThat(a.healthy()).isTrue();
        assertThat(get(a.get(c.hold(), "k"))).isEqualTo(b("after"));
    }

    @Test
    void aRestartedRedisThatKeptItsDataServesOnScriptsAreLoadedAgain() throws Exception {
        try (RedisProcess kept = RedisProcess.start("--appendonly", "yes", "--appendfsync", "always")) {
            RedisSessionStore a = node(RedisStoreConfig.of(kept.uri()).withTimeout(Duration.ofMillis(400)));
            SessionStore.Connected c = connect(a, "p", RIGHT);
            assertThat(get(a.put(c.hold(), "k", b("v1")))).isEqualTo(SessionStore.Stored.STORED);
            kept.kill();
            assertThatThrownBy(() -> get(a.put(c.hold(), "k", b("lost")))).isInstanceOf(ExecutionException.class);
            kept.restart();
            // Redis forgot its scripts: the store loads them again (EVAL after NOSCRIPT).
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                try {
                    return get(a.get(c.hold(), "k")) != null;
                } catch (ExecutionException e) {
                    return false;
                }
            });
            assertThat(get(a.get(c.hold(), "k"))).as("the acknowledged value, never the refused one")
                    .isEqualTo(b("v1"));
        }
    }

    @Test
    void perSessionLimitsHoldOnEveryNodeThatServesTheSession() throws Exception {
        RedisSessionStore a = RedisSessionStore.open(RedisStoreConfig.of(REDIS.uri()), null,
                MemoryBudget.unlimited(), 10, 2, 20, Duration.ofMinutes(1));
        RedisSessionStore b = RedisSessionStore.open(RedisStoreConfig.of(REDIS.uri()), null,
                MemoryBudget.unlimited(), 10, 2, 20, Duration.ofMinutes(1));
        open.add(a);
        open.add(b);
        SessionStore.Connected c = connect(a, "m", RIGHT);
        assertThat(get(a.put(c.hold(), "a", b("12345")))).isEqualTo(SessionStore.Stored.STORED);
        assertThat(get(a.put(c.hold(), "b", b("1")))).isEqualTo(SessionStore.Stored.STORED);
        assertThat(get(a.put(c.hold(), "c", b("1")))).isEqualTo(SessionStore.Stored.TOO_MANY_KEYS);
        assertThat(get(a.put(c.hold(), "a", b("1234567890123456789")))).isEqualTo(SessionStore.Stored.TOO_MANY_BYTES);
        assertThat(get(a.put(c.hold(), "a", b("12345678901234567")))).as("1+17+1+1 = 20")
                .isEqualTo(SessionStore.Stored.STORED);
        a.release(c.hold());
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{m}:l").trim().equals("0"));
        // Node b counts the session as it finds it in Redis: the same keys, the same bytes.
        SessionStore.Connected r = connect(b, "m", RIGHT);
        assertThat(r.outcome()).isEqualTo(Outcome.RESUMED);
        assertThat(get(b.put(r.hold(), "c", b("1")))).isEqualTo(SessionStore.Stored.TOO_MANY_KEYS);
        assertThat(get(b.put(r.hold(), "b", b("12")))).isEqualTo(SessionStore.Stored.TOO_MANY_BYTES);
        assertThat(get(b.delete(r.hold(), "a"))).isTrue();
        assertThat(get(b.put(r.hold(), "c", b("123456789012345")))).as("1+1 + 1+15 = 18")
                .isEqualTo(SessionStore.Stored.STORED);
        assertThat(REDIS.cli("HGET", "courier:s:{m}:d", "c").trim()).isEqualTo("123456789012345");
        assertThat(REDIS.cli("HEXISTS", "courier:s:{m}:d", "a").trim()).isEqualTo("0");
    }

    @Test
    void aGetIsAnsweredFromTheNodesCopyOnlyWhileItsLeaseIsConfirmed() throws Exception {
        try (RedisProcess r = RedisProcess.start()) {
            RedisSessionStore a = node(RedisStoreConfig.of(r.uri()).withLease(Duration.ofMillis(300))
                    .withTimeout(Duration.ofMillis(200)));
            SessionStore.Connected c = connect(a, "g", RIGHT);
            assertThat(get(a.put(c.hold(), "k", b("v")))).isEqualTo(SessionStore.Stored.STORED);
            r.pause();
            try {
                // Renewals go unanswered: once the lease's time is past, the copy is not vouched for.
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThatThrownBy(() -> get(a.get(c.hold(), "k")))
                                .hasCauseInstanceOf(LeaseLostException.class));
            } finally {
                r.resume();
            }
        }
    }

    @Test
    void aChangeRedisDidNotAnswerIsReadBackBeforeTheNextCommand() throws Exception {
        try (RedisProcess r = RedisProcess.start()) {
            RedisSessionStore a = node(RedisStoreConfig.of(r.uri()).withTimeout(Duration.ofMillis(300)));
            SessionStore.Connected c = connect(a, "u", RIGHT);
            assertThat(get(a.put(c.hold(), "k", b("v1")))).isEqualTo(SessionStore.Stored.STORED);
            r.pause();
            // Redis holds the command: the node cannot know whether it ran, and says so.
            assertThatThrownBy(() -> get(a.put(c.hold(), "k", b("v2")))).isInstanceOf(ExecutionException.class);
            r.resume();
            // Whatever Redis holds now is the truth (here: set behind the node's back), not the node's guess.
            r.cli("HSET", "courier:s:{u}:d", "k", "truth");
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                try {
                    return get(a.get(c.hold(), "k")) != null;
                } catch (ExecutionException e) {
                    return false;
                }
            });
            assertThat(get(a.get(c.hold(), "k"))).isEqualTo(b("truth"));
            assertThat(get(a.put(c.hold(), "k2", b("w")))).isEqualTo(SessionStore.Stored.STORED);
            assertThat(r.cli("HGET", "courier:s:{u}:d", "k2").trim()).isEqualTo("w");
        }
    }

    private RedisSessionStore openModeNode(int perAddress) {
        RedisSessionStore s = RedisSessionStore.open(RedisStoreConfig.of(REDIS.uri()), null, MemoryBudget.unlimited(),
                1000, perAddress, 100, 1 << 20, Duration.ofMinutes(5), null);
        open.add(s);
        return s;
    }

    private static SessionStore.Connected connectFrom(SessionStore s, String id, byte[] hash, String address)
            throws Exception {
        return get(s.connect(new Claim(id, hash, new Object(), address)));
    }

    @Test
    void openModesSessionsPerAddressAreCountedAcrossNodes() throws Exception {
        RedisSessionStore a = openModeNode(2);
        RedisSessionStore b = openModeNode(2);
        SessionStore.Connected one = connectFrom(a, "c1", RIGHT, "10.0.0.1");
        SessionStore.Connected two = connectFrom(b, "c2", RIGHT, "10.0.0.1");
        assertThat(one.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(two.outcome()).isEqualTo(Outcome.CREATED);
        // The third from the same address, on either node: refused, and nothing of it is left in Redis.
        assertThat(connectFrom(a, "c3", RIGHT, "10.0.0.1").outcome()).isEqualTo(Outcome.ADDRESS_FULL);
        assertThat(connectFrom(b, "c3", RIGHT, "10.0.0.1").outcome()).isEqualTo(Outcome.ADDRESS_FULL);
        assertThat(REDIS.cli("EXISTS", "courier:s:{c3}:m").trim()).isEqualTo("0");
        assertThat(connectFrom(a, "other", RIGHT, "10.0.0.2").outcome()).as("another address")
                .isEqualTo(Outcome.CREATED);
        // A detached session still counts (it may be resumed); resuming it, from anywhere, counts nothing more.
        b.release(two.hold());
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{c2}:l").trim().equals("0"));
        assertThat(connectFrom(b, "c3", RIGHT, "10.0.0.1").outcome()).isEqualTo(Outcome.ADDRESS_FULL);
        SessionStore.Connected back = connectFrom(a, "c2", RIGHT, "10.0.0.9");
        assertThat(back.outcome()).isEqualTo(Outcome.RESUMED);
        assertThat(REDIS.cli("ZCARD", "courier:a:{10.0.0.1}").trim()).isEqualTo("2");
        assertThat(REDIS.cli("ZCARD", "courier:a:{10.0.0.9}").trim()).isEqualTo("0");
        // An erased session (DISCONNECT, a violation) stops counting at once, on every node.
        get(a.erase(one.hold()));
        await().until(() -> REDIS.cli("ZCARD", "courier:a:{10.0.0.1}").trim().equals("1"));
        assertThat(connectFrom(b, "c3", RIGHT, "10.0.0.1").outcome()).isEqualTo(Outcome.CREATED);
        // Members name the session and its incarnation: c2 (resumed elsewhere) and c3 count, c1 no longer does.
        assertThat(REDIS.cli("ZRANGE", "courier:a:{10.0.0.1}", "0", "-1").lines().map(String::trim)
                .map(m -> m.substring(0, m.indexOf(':')))).containsExactlyInAnyOrder("c2", "c3");
    }

    @Test
    void aBoundSessionStaysCountedPastItsFirstLeaseAndWindow() throws Exception {
        RedisSessionStore a = RedisSessionStore.open(RedisStoreConfig.of(REDIS.uri()).withLease(Duration.ofMillis(300)),
                null, MemoryBudget.unlimited(), 1000, 1, 100, 1 << 20, Duration.ofMillis(200), null);
        open.add(a);
        assertThat(connectFrom(a, "long", RIGHT, "10.0.0.7").outcome()).isEqualTo(Outcome.CREATED);
        // Lease and window are 0.5 s: for three times that, the renewals keep the address's count at its cap.
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                connectFrom(a, "more", RIGHT, "10.0.0.7").outcome() == Outcome.ADDRESS_FULL);
    }

    @Test
    void aSessionTooLargeForTheNodesBudgetIsNotBoundThere() throws Exception {
        RedisSessionStore big = node();
        SessionStore.Connected c = connect(big, "heavy", RIGHT);
        for (int i = 0; i < 10; i++) {
            assertThat(get(big.put(c.hold(), "k" + i, new byte[1000]))).isEqualTo(SessionStore.Stored.STORED);
        }
        big.release(c.hold());
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{heavy}:l").trim().equals("0"));
        MemoryBudget small = new MemoryBudget(4096);
        RedisSessionStore tight = RedisSessionStore.open(RedisStoreConfig.of(REDIS.uri()), null, small, 1000,
                100, 1 << 20, Duration.ofMinutes(5));
        open.add(tight);
        // Its copy would not fit: refused, nothing charged, and the session is free again for a node with room.
        assertThat(connect(tight, "heavy", RIGHT).outcome()).isEqualTo(Outcome.NO_MEMORY);
        assertThat(small.used()).isZero();
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{heavy}:l").trim().equals("0"));
        SessionStore.Connected again = connect(big, "heavy", RIGHT);
        assertThat(again.outcome()).isEqualTo(Outcome.RESUMED);
        assertThat(get(big.get(again.hold(), "k9"))).hasSize(1000);
        // On a node with room, the copy is charged to its budget and given back when the session goes.
        MemoryBudget roomy = new MemoryBudget(1 << 20);
        RedisSessionStore fits = RedisSessionStore.open(RedisStoreConfig.of(REDIS.uri()), null, roomy, 1000,
                100, 1 << 20, Duration.ofMinutes(5));
        open.add(fits);
        big.release(again.hold());
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{heavy}:l").trim().equals("0"));
        SessionStore.Connected there = connect(fits, "heavy", RIGHT);
        assertThat(there.outcome()).isEqualTo(Outcome.RESUMED);
        assertThat(roomy.used()).isGreaterThan(10_000);
        get(fits.erase(there.hold()));
        assertThat(roomy.used()).isZero();
    }

    @Test
    void theRsaEditionsSessionsEndWithTheirConnection() throws Exception {
        RedisSessionStore a = node();
        SessionStore.Connected c = get(a.connect(new Claim("rsa", null, new Object(), "127.0.0.1")));
        assertThat(c.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(get(a.connect(new Claim("rsa", null, new Object(), "127.0.0.1"))).outcome())
                .isEqualTo(Outcome.BUSY);
        a.release(c.hold());
        await().until(() -> REDIS.cli("KEYS", "courier:s:*").trim().isEmpty());
    }
}
