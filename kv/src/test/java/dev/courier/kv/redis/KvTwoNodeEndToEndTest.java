package dev.courier.kv.redis;

import static dev.courier.kv.Wire.concat;
import static dev.courier.kv.Wire.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import dev.courier.kv.store.redis.RedisStoreConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The TLS edition's rules over real TLS against two nodes on one real Redis, byte-exact: what one node did, the
 * other sees (resume, erasure by DISCONNECT or violation, limits, the throttle, one binding per session).
 */
class KvTwoNodeEndToEndTest {
    private static final byte[] RIGHT = Wire.hash(0x31);
    private static final byte[] WRONG = Wire.hash(0x32);

    @RegisterExtension
    static final RedisExtension REDIS = new RedisExtension();

    private KvNodes nodes;

    private KvNodes start(UnaryOperator<dev.courier.kv.server.KvServerConfig> customize) throws Exception {
        nodes = KvNodes.start(2, RedisStoreConfig.of(REDIS.uri()).withTimeout(Duration.ofMillis(500)), customize);
        return nodes;
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    /** CONNECTs to {@code node} until the session is no longer bound to a connection that just closed. */
    private RawTlsConnection connectOnceReleased(int node, String id, byte[] hash) throws Exception {
        RawTlsConnection[] out = new RawTlsConnection[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            RawTlsConnection r = RawTlsConnection.open(nodes.port(node));
            r.connect(id, hash);
            if (r.readLine().equals("CONNECT: OK\n")) {
                out[0] = r;
                return true;
            }
            r.close();
            return false;
        });
        return out[0];
    }

    @Test
    void aSessionMadeOnOneNodeIsResumedOnTheOtherWithItsData() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("alice", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
            a.send("PUT greeting\nhello world\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
        }
        try (RawTlsConnection b = connectOnceReleased(1, "alice", RIGHT)) {
            b.send("GET greeting\n");
            assertThat(b.readLine()).isEqualTo("GET hello world\n");
            assertThat(b.readLine()).isEqualTo(Wire.crc("hello world") + "\n");
            b.send("DELETE greeting\nGET greeting\n");
            assertThat(b.readLine()).isEqualTo("DELETE: OK\n");
            assertThat(b.readLine()).isEqualTo("GET: ERROR\n");
        }
    }

    @Test
    void aDetachedSessionRefusesAnotherHashOnEitherNode() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("bob", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
        }
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{bob}:l").trim().equals("0"));
        for (int node = 0; node < 2; node++) {
            try (RawTlsConnection r = RawTlsConnection.open(nodes.port(node))) {
                r.connect("bob", WRONG);
                assertThat(r.readLine()).isEqualTo("CONNECT: ERROR\n");
            }
        }
    }

    @Test
    void aBoundSessionIsBusyOnTheOtherNode() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("carol", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
            try (RawTlsConnection b = RawTlsConnection.open(nodes.port(1))) {
                b.connect("carol", RIGHT);
                assertThat(b.readLine()).isEqualTo("CONNECT: ERROR\n");
            }
            a.send("PUT k\nv\n");
            assertThat(a.readLine()).as("the owner is untouched").isEqualTo("PUT: OK\n");
        }
    }

    @Test
    void disconnectOnOneNodeErasesTheSessionForBoth() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("dave", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
            a.send("PUT k\nv\nDISCONNECT\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(a.readLine()).isEqualTo("DISCONNECT: OK\n");
        }
        assertThat(REDIS.cli("KEYS", "courier:s:*").trim()).isEmpty();
        try (RawTlsConnection b = RawTlsConnection.open(nodes.port(1))) {
            b.connect("dave", WRONG);
            assertThat(b.readLine()).as("a new session: any hash").isEqualTo("CONNECT: OK\n");
            b.send("GET k\n");
            assertThat(b.readLine()).isEqualTo("GET: ERROR\n");
        }
    }

    @Test
    void aViolationOnOneNodeErasesTheSessionForBoth() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("erin", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
            a.send("PUT k\nsecret\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            a.send("get k\nGET k\n");
            assertThat(a.closedWithoutAnswer()).isTrue();
        }
        await().until(() -> REDIS.cli("KEYS", "courier:s:*").trim().isEmpty());
        try (RawTlsConnection b = RawTlsConnection.open(nodes.port(1))) {
            b.connect("erin", WRONG);
            assertThat(b.readLine()).isEqualTo("CONNECT: OK\n");
            b.send("GET k\n");
            assertThat(b.readLine()).isEqualTo("GET: ERROR\n");
        }
    }

    @Test
    void perSessionLimitsCountWhatEveryNodeStored() throws Exception {
        start(c -> c.withLimits(c.limits().withMaxKeysPerSession(2).withMaxBytesPerSession(64)));
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("frank", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
            a.send("PUT a\n1\nPUT b\n2\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
        }
        try (RawTlsConnection b = connectOnceReleased(1, "frank", RIGHT)) {
            b.send("PUT c\n3\n");
            assertThat(b.readLine()).as("a third key").isEqualTo("PUT: ERROR\n");
            b.send("PUT a\n" + Wire.repeat('x', 70) + "\n");
            assertThat(b.readLine()).as("past 64 bytes").isEqualTo("PUT: ERROR\n");
            b.send("PUT a\n" + Wire.repeat('x', 60) + "\n");
            assertThat(b.readLine()).as("a (1) + 60 + b (1) + 2 = 64").isEqualTo("PUT: OK\n");
            b.send("GET b\n");
            assertThat(b.readLine()).isEqualTo("GET 2\n");
        }
    }

    @Test
    void theThrottleCountsFailuresOnEveryNode() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("gina", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
        }
        await().until(() -> REDIS.cli("EXISTS", "courier:s:{gina}:l").trim().equals("0"));
        // Five free failures spread over both nodes, then the id is locked out everywhere, even with the right hash.
        for (int i = 0; i < 6; i++) {
            try (RawTlsConnection r = RawTlsConnection.open(nodes.port(i % 2))) {
                r.connect("gina", WRONG);
                assertThat(r.readLine()).isEqualTo("CONNECT: ERROR\n");
            }
        }
        assertThat(REDIS.cli("HGET", "courier:t:{id:gina}", "n").trim()).isEqualTo("6");
        try (RawTlsConnection r = RawTlsConnection.open(nodes.port(0))) {
            r.connect("gina", RIGHT);
            assertThat(r.readLine()).as("locked out on the node that saw three").isEqualTo("CONNECT: ERROR\n");
        }
    }

    @Test
    void manyRacingConnectsForOneIdOnTwoNodesNeverGiveTwoOks() throws Exception {
        start(UnaryOperator.identity());
        for (int round = 0; round < 40; round++) {
            String id = "race" + round;
            RawTlsConnection a = RawTlsConnection.open(nodes.port(0));
            RawTlsConnection b = RawTlsConnection.open(nodes.port(1));
            try {
                // Both CONNECTs leave in one write each, as close together as two sockets allow.
                byte[] msg = concat(bytes("CONNECT " + id + "\n"), RIGHT);
                a.send(msg);
                b.send(msg);
                int oks = (a.readLine().equals("CONNECT: OK\n") ? 1 : 0) + (b.readLine().equals("CONNECT: OK\n") ? 1 : 0);
                assertThat(oks).as("round %d", round).isEqualTo(1);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void aPipeliningClientsCommandsGoToRedisInBatchesAndInOrder() throws Exception {
        start(UnaryOperator.identity());
        try (RawTlsConnection a = RawTlsConnection.open(nodes.port(0))) {
            a.connect("pipe", RIGHT);
            assertThat(a.readLine()).isEqualTo("CONNECT: OK\n");
            REDIS.cli("CONFIG", "RESETSTAT");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                burst.append("PUT k").append(i % 10).append('\n').append("v").append(i).append('\n');
                burst.append("GET k").append(i % 10).append('\n');
            }
            burst.append("DELETE k0\nGET k0\nDISCONNECT\n");
            a.send(burst.toString());
            for (int i = 0; i < 100; i++) {
                assertThat(a.readLine()).isEqualTo("PUT: OK\n");
                assertThat(a.readLine()).as("each GET sees the PUT just before it").isEqualTo("GET v" + i + "\n");
                assertThat(a.readLine()).isEqualTo(Wire.crc("v" + i) + "\n");
            }
            assertThat(a.readLine()).isEqualTo("DELETE: OK\n");
            assertThat(a.readLine()).isEqualTo("GET: ERROR\n");
            assertThat(a.readLine()).isEqualTo("DISCONNECT: OK\n");
        }
        String stats = REDIS.cli("INFO", "commandstats");
        long scripts = java.util.regex.Pattern.compile("cmdstat_(evalsha|eval):calls=(\\d+)").matcher(stats)
                .results().mapToLong(m -> Long.parseLong(m.group(2))).sum();
        assertThat(scripts).as("203 commands in far fewer scripts: %s", stats).isPositive().isLessThan(60);
        assertThat(REDIS.cli("KEYS", "courier:s:*").trim()).isEmpty();
    }
}
