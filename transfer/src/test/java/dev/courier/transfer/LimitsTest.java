package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.letters;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.server.TransferServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every limit, passed, is answered ERR and leaves nothing behind. */
class LimitsTest {
    private static final TransferLimits SMALL = TransferLimits.defaults().withMaxSize(100_000).withMaxTextBytes(1000)
            .withIdleTimeout(Duration.ofMillis(300)).withMaxConnections(2).withMaxPendingDeliveries(2);

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c.withLimits(SMALL));

    private void assertInboxEmpty() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(() -> ext.server().openConnections() == 0);
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
        assertThat(ext.server().poll(Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void tooLargeIsRefusedAtTheFirstFrame() throws Exception {
        byte[] body = letters(1998);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(100_001, sha256(body), TestBytes.crc(body, 0, 1998), body, 0, 1998));
            assertThat(p.readLine()).isEqualTo("ERR too large: 100001 bytes, the limit is 100000\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
        assertInboxEmpty();
    }

    @Test
    void moreThanTheFreeDiskIsRefused() throws Exception {
        ext.start(TransferServerConfig.of(ext.inbox()).withPort(0).withLimits(SMALL.withMaxSize(Long.MAX_VALUE)));
        byte[] body = letters(1998);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(1L << 62, sha256(body), TestBytes.crc(body, 0, 1998), body, 0, 1998));
            assertThat(p.readLine()).startsWith("ERR not enough disk space: 4611686018427387904 bytes announced");
        }
        assertInboxEmpty();
    }

    @Test
    void idleSendersAreRefusedBetweenAndInsideMessages() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(p.readLine()).isEqualTo("ERR idle timeout: nothing received for 300 ms\r\n");
        }
        byte[] body = letters(5000);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(5000, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 3002\r\n");
            assertThat(p.readLine()).startsWith("ERR idle timeout");
        }
        assertThat(ext.server().stats().timeouts.sum()).isEqualTo(2);
        assertInboxEmpty();
    }

    @Test
    void connectionsOverTheLimitAreRefused() throws Exception {
        try (RawPeer a = RawPeer.open(ext); RawPeer b = RawPeer.open(ext)) {
            await().until(() -> ext.server().openConnections() == 2);
            try (RawPeer c = RawPeer.open(ext)) {
                assertThat(c.readLine()).isEqualTo("ERR too many connections\r\n");
                assertThat(c.closedByPeer()).isTrue();
            }
            try (TransferClient over = ext.client()) {
                assertThatThrownBy(() -> over.send("x")).isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.REFUSED);
                    assertThat(e.getMessage()).contains("too many connections");
                });
            }
        }
        await().until(() -> ext.server().openConnections() == 0);
        try (TransferClient c = ext.client()) {
            c.send("now there is room");
        }
        assertThat(ext.server().stats().connectionsRefused.sum()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionClosedBeforeTheSendStillReportsTheReason() throws Exception {
        try (RawPeer a = RawPeer.open(ext); RawPeer b = RawPeer.open(ext)) {
            await().until(() -> ext.server().openConnections() == 2);
            try (TransferClient over = ext.client()) {
                // The receiver's ERR and close arrive before the first send: still a refusal, with its reason.
                await().atMost(Duration.ofSeconds(5)).until(() -> !over.isOpen());
                assertThatThrownBy(() -> over.send("x")).isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.REFUSED);
                    assertThat(e.getMessage()).contains("too many connections");
                });
            }
        }
    }

    @Test
    void textsLargerThanTheMemoryLimitAreRefusedAndTheirSpoolDeleted() throws Exception {
        try (TransferClient c = ext.client()) {
            assertThatThrownBy(() -> c.send("x".repeat(1001))).isInstanceOfSatisfying(TransferException.class,
                    e -> assertThat(e.getMessage()).contains("too large for a text or JSON message"));
        }
        assertInboxEmpty();
    }

    @Test
    void undeliveredMessagesBeyondThePendingLimitAreRefused() throws Exception {
        try (TransferClient c = ext.client()) {
            c.send("1");
            c.send("2");
            assertThatThrownBy(() -> c.send("3")).isInstanceOfSatisfying(TransferException.class,
                    e -> assertThat(e.getMessage()).contains("receiver busy"));
        }
        assertThat(((TransferMessage.Text) ext.server().listen()).text()).isEqualTo("1");
        try (TransferClient c = ext.client()) {
            c.send("3");
        }
    }

    @Test
    void badJsonAndBadUtf8AreRefused() throws Exception {
        byte[] json = "{\"a\": }".getBytes(StandardCharsets.UTF_8);
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, json)).containsExactly("ACK\r\n");
            p.send("JSON\r\n");
            assertThat(p.readLine()).isEqualTo("ERR not a JSON document: syntax error (line 1, column 7)\r\n");
        }
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, new byte[] {'a', (byte) 0xFF})).containsExactly("ACK\r\n");
            p.send("TEXT\r\n");
            assertThat(p.readLine()).isEqualTo("ERR not UTF-8 text\r\n");
        }
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, new byte[0])).containsExactly("ACK\r\n");
            p.send("JSON\r\n");
            assertThat(p.readLine()).isEqualTo("ERR not a JSON document: empty\r\n");
        }
        assertInboxEmpty();
    }

    @Test
    void trailerOverItsLimitIsRefused() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, letters(3))).containsExactly("ACK\r\n");
            p.send("FILE " + "a".repeat(2100));
            assertThat(p.readLine()).isEqualTo("ERR trailer longer than 2038 bytes\r\n");
        }
        assertInboxEmpty();
    }

    @Test
    void limitsRejectUnusableValues() {
        assertThatThrownBy(() -> TransferLimits.defaults().withMaxConnections(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferLimits.defaults().withIdleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferLimits.defaults().withMaxSize(-1)).isInstanceOf(IllegalArgumentException.class);
        TransferLimits d = TransferLimits.defaults();
        assertThat(d.maxSize()).isEqualTo(64L << 30);
        assertThat(d.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.maxConnections()).isEqualTo(1000);
        assertThat(d.maxNacks()).isEqualTo(10);
        assertThat(d.maxChunkBytes()).isEqualTo(1 << 20);
        assertThat(d.maxTrailerBytes()).isEqualTo(2038);
    }
}
