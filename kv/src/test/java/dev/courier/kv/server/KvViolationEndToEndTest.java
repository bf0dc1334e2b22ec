package dev.courier.kv.server;

import static dev.courier.kv.Wire.bytes;
import static dev.courier.kv.Wire.concat;
import static dev.courier.kv.Wire.repeat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spec section 5 over real TLS: a violation drops the connection without an answer and erases the session. The
 * erasure is proven by connecting again with another hash, which a detached session would refuse.
 */
class KvViolationEndToEndTest {
    private static final byte[] FIRST = Wire.hash(0x01);
    private static final byte[] SECOND = Wire.hash(0x02);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    static Stream<String> violations() {
        return Stream.of("get k\n", "Put k\n", "PUT\n", "GET\n", "DELETE\n", "PUTk\nv\n", "GETk\n", "DELETEk\n",
                "DISCONNECT x\n", "DISCONNECT \n", "DISCONNECT\r\n", "disconnect\n", "\n", "HELLO\n",
                "GET k\u0080\n", "DELETE \u00ff\n", "GET caf\u00e9\n",
                "CONNECT v\n", "CONNECT other\n",
                "GET " + repeat('k', 4092) + "\n",
                "PUT k\n" + repeat('v', 4096) + "\n");
    }

    private RawTlsConnection connectedWithData() throws Exception {
        RawTlsConnection r = RawTlsConnection.open(kv.port());
        r.connect("v", FIRST);
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        r.send("PUT k\nsecret\n");
        assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        return r;
    }

    private void assertErased() throws Exception {
        assertThat(kv.server().registry().table().sessions()).isZero();
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.connect("v", SECOND);
            assertThat(r.readLine()).as("a new session, so another password is fine").isEqualTo("CONNECT: OK\n");
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
        }
    }

    @ParameterizedTest
    @MethodSource("violations")
    void aViolationClosesWithoutAnswerAndErasesTheSession(String bad) throws Exception {
        try (RawTlsConnection r = connectedWithData()) {
            r.send(bad + "GET k\n");
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        assertThat(kv.server().stats().violations.sum()).isEqualTo(1);
        assertErased();
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> reasons() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("HELLO\n", KvStats.ViolationReason.UNKNOWN_COMMAND),
                org.junit.jupiter.params.provider.Arguments.of("GET caf\u00e9\n", KvStats.ViolationReason.NON_ASCII),
                org.junit.jupiter.params.provider.Arguments.of("CONNECT other\n",
                        KvStats.ViolationReason.SECOND_CONNECT),
                org.junit.jupiter.params.provider.Arguments.of("GET " + repeat('k', 4092) + "\n",
                        KvStats.ViolationReason.TOO_LONG));
    }

    @ParameterizedTest
    @MethodSource("reasons")
    void eachViolationIsCountedUnderItsReason(String bad, KvStats.ViolationReason reason) throws Exception {
        try (RawTlsConnection r = connectedWithData()) {
            r.send(bad);
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        for (KvStats.ViolationReason each : KvStats.ViolationReason.values()) {
            assertThat(kv.server().stats().violationsByReason[each.ordinal()].sum()).as(each.name())
                    .isEqualTo(each == reason ? 1 : 0);
        }
    }

    @Test
    void aSecondConnectWithItsHashIsAViolation() throws Exception {
        try (RawTlsConnection r = connectedWithData()) {
            r.connect("v", FIRST);
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        assertErased();
    }

    @Test
    void anOverlongMessageIsDroppedBeforeItsLfArrives() throws Exception {
        try (RawTlsConnection r = connectedWithData()) {
            r.send("GET " + repeat('k', 4093));
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        assertErased();
    }

    @Test
    void aViolationSplitOneBytePerWriteIsStillAViolation() throws Exception {
        try (RawTlsConnection r = connectedWithData()) {
            r.sendBytewise(bytes("DISCONNECT now\n"));
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        assertErased();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET k\n", "PUT k\nv\n", "DELETE k\n", "DISCONNECT\n", "CONNECT \n", "CONNECT\n",
        "CONNECT a\u0080\n", "CONNECT a\u0000\n", "connect a\n"})
    void aCommandBeforeConnectOrABadConnectIsDroppedWithoutAnswer(String bad) throws Exception {
        try (RawTlsConnection r = RawTlsConnection.open(kv.port())) {
            r.send(concat(bytes(bad), bytes("CONNECT v\n"), FIRST));
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
        assertThat(kv.server().registry().table().sessions()).isZero();
    }
}
