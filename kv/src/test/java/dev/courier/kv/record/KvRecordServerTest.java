package dev.courier.kv.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.kv.KvLimits;
import dev.courier.kv.KvServerExtension;
import dev.courier.kv.protocol.KvDialect;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;

/**
 * Courier's server in the record dialect, spoken to over real TLS by a peer written as the 2023 programs are: one
 * write per message, one read per answer. Every answer is checked byte for byte, as one record.
 */
class KvRecordServerTest {
    private static final byte[] HASH = KvServerExtension.hash("record password");
    private static final byte[] OTHER = KvServerExtension.hash("another password");
    /** Records sent without waiting, enough that the server reads several in one socket read. */
    private static final int BURST = 200;

    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension(c -> c.withDialect(KvDialect.RECORD)
            .withLimits(KvLimits.defaults().withMaxMessageBytes(256)));

    private RecordPeer bound(String id, byte[] hash) throws Exception {
        RecordPeer p = RecordPeer.connect(kv.port());
        p.send("CONNECT " + id).send(hash);
        assertThat(p.read()).isEqualTo("CONNECT: OK");
        return p;
    }

    @Test
    void answersEachMessageWithOneRecordWithoutLf() throws Exception {
        try (RecordPeer p = bound("alice", HASH)) {
            assertThat(p.send("PUT greeting\nhello world").read()).isEqualTo("PUT: OK");
            assertThat(p.send("GET greeting").read()).as("value and CRC-32 in one record")
                    .isEqualTo("GET hello world\n222957957");
            assertThat(p.send("GET missing").read()).isEqualTo("GET: ERROR");
            assertThat(p.send("PUT spaced key\n a value with spaces ").read()).isEqualTo("PUT: OK");
            assertThat(p.send("GET spaced key").read()).isEqualTo("GET  a value with spaces \n"
                    + crc(" a value with spaces "));
            assertThat(p.send("PUT empty\n").read()).as("an empty value is stored").isEqualTo("PUT: OK");
            assertThat(p.send("GET empty").read()).isEqualTo("GET \n0");
            assertThat(p.send("PUT two\nline\nline").read()).as("an LF in the value: refused, in step")
                    .isEqualTo("PUT: ERROR");
            assertThat(p.send("DELETE greeting").read()).isEqualTo("DELETE: OK");
            assertThat(p.send("GET greeting").read()).isEqualTo("GET: ERROR");
            assertThat(p.send("DISCONNECT").read()).isEqualTo("DISCONNECT: OK");
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> kv.server().registry().table().sessions() == 0);
    }

    @Test
    void answersRecordsSentBackToBackEachInARecordOfItsOwn() throws Exception {
        try (RecordPeer p = bound("bob", HASH)) {
            // Not the dialect's way (one command at a time), but the server must not join the answers.
            p.send("PUT a\n1").send("PUT b\n2").send("GET a").send("GET b").send("DELETE a").send("GET a");
            assertThat(p.read()).isEqualTo("PUT: OK");
            assertThat(p.read()).isEqualTo("PUT: OK");
            assertThat(p.read()).isEqualTo("GET 1\n" + crc("1"));
            assertThat(p.read()).isEqualTo("GET 2\n" + crc("2"));
            assertThat(p.read()).isEqualTo("DELETE: OK");
            assertThat(p.read()).isEqualTo("GET: ERROR");
            // A burst: the server reads many records per socket read, and answers them in one pass; each answer
            // must still be a record of its own (written together, the TLS handler would join them into one).
            p.cork();
            for (int i = 0; i < BURST; i++) {
                p.send("GET b");
            }
            assertThat(p.uncork()).as("the burst left in one write, as records").isGreaterThan(BURST * 5);
            for (int i = 0; i < BURST; i++) {
                assertThat(p.read()).as("answer %d of the burst", i).isEqualTo("GET 2\n" + crc("2"));
            }
        }
    }

    @Test
    void aRecordOverTheLimitIsAViolationThatErasesTheSession() throws Exception {
        try (RecordPeer p = bound("carol", HASH)) {
            assertThat(p.send("PUT k\nkept until the violation").read()).isEqualTo("PUT: OK");
            p.send("GET " + "k".repeat(256 - 4));
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        // Erased, not detached: another password opens a new, empty session under the same id.
        try (RecordPeer p = bound("carol", OTHER)) {
            assertThat(p.send("GET k").read()).isEqualTo("GET: ERROR");
        }
    }

    @Test
    void aPutRecordWithoutItsValueIsAViolationThatErasesTheSession() throws Exception {
        try (RecordPeer p = bound("dave", HASH)) {
            assertThat(p.send("PUT k\nv").read()).isEqualTo("PUT: OK");
            p.send("PUT k");
            assertThat(p.closedWithoutAnswer()).isTrue();
        }
        try (RecordPeer p = bound("dave", OTHER)) {
            assertThat(p.send("GET k").read()).isEqualTo("GET: ERROR");
        }
    }

    @Test
    void aClosedConnectionLeavesTheSessionToResume() throws Exception {
        try (RecordPeer p = bound("erin", HASH)) {
            assertThat(p.send("PUT kept\nacross connections").read()).isEqualTo("PUT: OK");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (RecordPeer p = RecordPeer.connect(kv.port())) {
                p.send("CONNECT erin").send(HASH);
                assertThat(p.read()).isEqualTo("CONNECT: OK");
                assertThat(p.send("GET kept").read()).isEqualTo("GET across connections\n"
                        + crc("across connections"));
                assertThat(p.send("DISCONNECT").read()).isEqualTo("DISCONNECT: OK");
            }
        });
    }

    @Test
    void aWrongHashIsRefusedInOneRecordAndClosed() throws Exception {
        try (RecordPeer p = bound("frank", HASH)) {
            assertThat(p.send("PUT k\nv").read()).isEqualTo("PUT: OK");
            try (RecordPeer q = RecordPeer.connect(kv.port())) {
                q.send("CONNECT frank").send(OTHER);
                assertThat(q.read()).isEqualTo("CONNECT: ERROR");
                assertThat(q.closedWithoutAnswer()).isTrue();
            }
        }
    }

    private static String crc(String v) {
        java.util.zip.CRC32 c = new java.util.zip.CRC32();
        c.update(v.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return Long.toString(c.getValue());
    }
}
