package dev.courier.kv.server;

import static dev.courier.kv.Wire.bytes;
import static dev.courier.kv.Wire.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.kv.KvServerExtension;
import dev.courier.kv.RawTlsConnection;
import dev.courier.kv.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec sections 3 and 6 over real TLS: CONNECT, the raw hash, resume, busy sessions, DISCONNECT. */
class KvConnectEndToEndTest {
    private static final byte[] PW = KvServerExtension.hash("correct horse");
    private static final byte[] OTHER = Wire.hash(0x33);

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    private RawTlsConnection open() throws Exception {
        return RawTlsConnection.open(kv.port());
    }

    private RawTlsConnection connected(String id, byte[] hash) throws Exception {
        RawTlsConnection r = open();
        r.connect(id, hash);
        assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        return r;
    }

    private void awaitNoneBound() {
        await().until(() -> kv.server().registry().bound() == 0);
    }

    @Test
    void connectIsAnsweredOkAndTheSessionServesCommands() throws Exception {
        try (RawTlsConnection r = connected("alice", PW)) {
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        assertThat(kv.server().stats().connectsOk.sum()).isEqualTo(1);
    }

    @Test
    void aHashFullOfLineFeedsIsReadRaw() throws Exception {
        byte[] tricky = Wire.trickyHash();
        try (RawTlsConnection r = connected("lf", tricky)) {
            r.send("PUT k\nv\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        awaitNoneBound();
        try (RawTlsConnection r = connected("lf", tricky)) {
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET v\n");
            assertThat(r.readLine()).isEqualTo(Wire.crc("v") + "\n");
        }
        try (RawTlsConnection r = open()) {
            awaitNoneBound();
            r.connect("all-lf", Wire.hash('\n'));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
        }
    }

    @Test
    void connectAndCommandsInOneWrite() throws Exception {
        try (RawTlsConnection r = open()) {
            r.send(concat(bytes("CONNECT one write\n"), PW, bytes("PUT k\nv\nGET k\n")));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("GET v\n");
        }
    }

    @Test
    void idsMayHoldSpacesAndCrWhichIsData() throws Exception {
        try (RawTlsConnection a = connected("id with spaces", PW); RawTlsConnection b = connected("id\r", PW);
             RawTlsConnection c = connected("id", OTHER)) {
            a.send("PUT k\nspaces\n");
            b.send("PUT k\ncr\n");
            c.send("GET k\n");
            assertThat(a.readLine()).isEqualTo("PUT: OK\n");
            assertThat(b.readLine()).isEqualTo("PUT: OK\n");
            assertThat(c.readLine()).as("'id' is not 'id\\r'").isEqualTo("GET: ERROR\n");
        }
    }

    @Test
    void resumeWithTheRightHashKeepsTheData() throws Exception {
        try (RawTlsConnection r = connected("bob", PW)) {
            r.send("PUT k\nkept\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        await().until(() -> kv.server().registry().detached() == 1);
        try (RawTlsConnection r = connected("bob", PW)) {
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET kept\n");
            assertThat(r.readLine()).isEqualTo(Wire.crc("kept") + "\n");
        }
    }

    @Test
    void resumeWithAWrongHashIsRefusedAndClosedAndTheSessionSurvives() throws Exception {
        try (RawTlsConnection r = connected("carol", PW)) {
            r.send("PUT k\nkept\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
        }
        awaitNoneBound();
        try (RawTlsConnection r = open()) {
            r.send(concat(bytes("CONNECT carol\n"), OTHER, bytes("GET k\n")));
            assertThat(r.readLine()).isEqualTo("CONNECT: ERROR\n");
            assertThat(r.closedWithoutAnswer()).as("closed, and GET not answered").isTrue();
        }
        try (RawTlsConnection r = connected("carol", PW)) {
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET kept\n");
        }
    }

    @Test
    void aSessionBoundToALiveConnectionRefusesASecondClient() throws Exception {
        try (RawTlsConnection first = connected("dave", PW)) {
            try (RawTlsConnection second = open()) {
                second.connect("dave", PW);
                assertThat(second.readLine()).isEqualTo("CONNECT: ERROR\n");
                assertThat(second.closedWithoutAnswer()).isTrue();
            }
            first.send("PUT k\nstill mine\n");
            assertThat(first.readLine()).isEqualTo("PUT: OK\n");
        }
    }

    @Test
    void disconnectAnswersErasesTheSessionAndCloses() throws Exception {
        try (RawTlsConnection r = connected("erin", PW)) {
            r.send("PUT k\nv\nDISCONNECT\nGET k\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("DISCONNECT: OK\n");
            assertThat(r.closedWithoutAnswer()).as("nothing after DISCONNECT is answered").isTrue();
        }
        assertThat(kv.server().registry().table().sessions()).isZero();
        try (RawTlsConnection r = connected("erin", OTHER)) {
            r.send("GET k\n");
            assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
        }
    }

    @Test
    void theConnectionCanBeSplitIntoOneBytePerWrite() throws Exception {
        try (RawTlsConnection r = open()) {
            r.sendBytewise(concat(bytes("CONNECT slow one\n"), Wire.trickyHash(),
                    bytes("PUT a key\na value\r\nGET a key\nDELETE a key\nGET a key\nDISCONNECT\n")));
            assertThat(r.readLine()).isEqualTo("CONNECT: OK\n");
            assertThat(r.readLine()).isEqualTo("PUT: OK\n");
            assertThat(r.readLine()).isEqualTo("GET a value\r\n");
            assertThat(r.readLine()).isEqualTo(Wire.crc("a value\r") + "\n");
            assertThat(r.readLine()).isEqualTo("DELETE: OK\n");
            assertThat(r.readLine()).isEqualTo("GET: ERROR\n");
            assertThat(r.readLine()).isEqualTo("DISCONNECT: OK\n");
            assertThat(r.closedWithoutAnswer()).isTrue();
        }
    }
}
