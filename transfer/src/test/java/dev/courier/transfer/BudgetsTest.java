package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.letters;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.TransferServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Issue 11's budgets for transfer: memory charged as bytes arrive (never from what a header announces), spilled to
 * disk or refused when the budget is reached and given back at the end; the per-address connection cap; crash
 * leftovers swept at start; names in the temporary-file pattern refused; JSON limits answered as such.
 */
class BudgetsTest {
    private static final MemoryBudget BUDGET = new MemoryBudget(256 * 1024);
    private static final TransferLimits LIMITS = TransferLimits.defaults().withMaxConnections(100)
            .withMaxConnectionsPerAddress(50).withMaxTextBytes(1 << 20);

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c.withLimits(LIMITS).withBudget(BUDGET));

    private void awaitAllGivenBack() {
        await().atMost(Duration.ofSeconds(5)).until(() -> ext.server().openConnections() == 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(BUDGET.used()).isZero());
    }

    @Test
    void aFirstFrameAnnouncingAMebibyteCostsWhatArrivedNotWhatItAnnounced() throws Exception {
        byte[] first = letters(1998);
        List<RawPeer> peers = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                RawPeer p = RawPeer.open(ext);
                peers.add(p);
                // As large as a body held in memory may be: the old receiver allocated it all at once.
                p.send(firstFrame(1 << 20, sha256(first), first));
            }
            for (RawPeer p : peers) {
                assertThat(p.readLine()).isEqualTo("ACK 3996\r\n");
            }
            // Each holds its 1 998 bytes and the 3 996 it was asked for: 40 x 1 MiB would be 40 MiB.
            assertThat(BUDGET.used()).isEqualTo(40L * (1998 + 3996));
        } finally {
            for (RawPeer p : peers) {
                p.close();
            }
        }
        awaitAllGivenBack();
    }

    @Test
    void aBodyTheBudgetWillNotHoldIsSpilledToDiskAndDelivered() throws Exception {
        byte[] body = TestBytes.random(600_000, 7);
        Path src = ext.outbox().resolve("big.bin");
        Files.write(src, body);
        try (TransferClient c = ext.client()) {
            c.sendFile(src);
        }
        TransferMessage.File m = (TransferMessage.File) ext.server().listen();
        assertThat(Files.readAllBytes(m.path())).isEqualTo(body);
        assertThat(ext.server().stats().spills.sum()).isEqualTo(1);
        awaitAllGivenBack();
        assertThat(TestBytes.names(ext.inbox())).containsExactly("big.bin");
    }

    @Test
    void aTextTheBudgetCannotHoldIsRefusedAsBusyAndASmallOneStillPasses() throws Exception {
        try (TransferClient c = ext.client()) {
            assertThatThrownBy(() -> c.send("x".repeat(200_000))).isInstanceOfSatisfying(TransferException.class,
                    e -> assertThat(e.getMessage()).contains("receiver busy: memory budget reached, try again later"));
        }
        awaitAllGivenBack();
        try (TransferClient c = ext.client()) {
            c.send("small");
        }
        assertThat(((TransferMessage.Text) ext.server().listen()).text()).isEqualTo("small");
        awaitAllGivenBack();
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
    }

    @Test
    void aDeliveredTextStaysChargedUntilItIsTaken() throws Exception {
        try (TransferClient c = ext.client()) {
            c.send("y".repeat(10_000));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ext.server().openConnections() == 0);
        // Its String (two bytes per body byte at worst) and a fixed overhead.
        assertThat(BUDGET.used()).isEqualTo(2 * 10_000 + 256);
        assertThat(((TransferMessage.Text) ext.server().listen()).text()).hasSize(10_000);
        assertThat(BUDGET.used()).isZero();
    }

    @Test
    void connectionsOverThePerAddressCapAreRefusedWhileAnotherAddressIsServed() throws Exception {
        ext.start(ext.server().config().withLimits(LIMITS.withMaxConnectionsPerAddress(2)));
        try (RawPeer a = RawPeer.open(ext); RawPeer b = RawPeer.open(ext)) {
            await().until(() -> ext.server().openConnections() == 2);
            try (RawPeer c = RawPeer.open(ext)) {
                assertThat(c.readLine()).isEqualTo("ERR too many connections from your address\r\n");
                assertThat(c.closedByPeer()).isTrue();
            }
            try (RawPeer other = RawPeer.openFrom(ext, "127.0.0.2")) {
                assertThat(WireTest.sendBody(other, letters(10))).containsExactly("ACK\r\n");
                other.send("TEXT\r\n");
                assertThat(other.readLine()).isEqualTo("ACK\r\n");
            }
        }
        assertThat(ext.server().connectionLimiter().refusedPerAddress()).isEqualTo(1);
        assertThat(ext.server().stats().connectionsRefused.sum()).isEqualTo(1);
    }

    @Test
    void temporaryFilesLeftByACrashAreRemovedAtStartAndLogged() throws Exception {
        Path inbox = ext.inbox();
        ext.server().close();
        Files.write(inbox.resolve(".courier-0123456789abcdef01234567.part"), new byte[10_000]);
        Files.write(inbox.resolve(".courier-feed.part"), new byte[234]);
        Files.write(inbox.resolve("report.part"), new byte[5]);
        Files.createDirectory(inbox.resolve(".courier-dir.part"));
        Logger log = (Logger) LoggerFactory.getLogger(TransferServer.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            ext.start(ext.server().config());
        } finally {
            log.detachAppender(seen);
        }
        assertThat(TestBytes.names(inbox)).containsExactlyInAnyOrder("report.part", ".courier-dir.part");
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(m -> assertThat(m)
                .isEqualTo("transfer: removed 2 temporary file(s) of 10234 bytes left in " + inbox
                        + " by an earlier run"));
    }

    @Test
    void aNameInTheTemporaryFilePatternIsRefused() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, letters(3))).containsExactly("ACK\r\n");
            p.send("FILE .courier-0123456789abcdef01234567.part\r\n");
            assertThat(p.readLine()).isEqualTo("ERR bad file name: file name is in the receiver's temporary-file "
                    + "pattern (.courier-*.part)\r\n");
        }
        awaitAllGivenBack();
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
    }

    @Test
    void jsonPastItsLimitsIsNotAJsonDocument() throws Exception {
        String deep = "[".repeat(1001) + "]".repeat(1001);
        String longNumber = "[" + "9".repeat(1001) + "]";
        assertThat(jsonRefusal(deep)).isEqualTo("ERR not a JSON document: nested deeper than 1000 (line 1, column "
                + "1002)\r\n");
        assertThat(jsonRefusal(longNumber)).startsWith("ERR not a JSON document: a number longer than 1000 "
                + "characters");
        assertThat(jsonRefusal("{\"a\": 1} 2")).startsWith("ERR not a JSON document: more than one value");
        String ok = "[".repeat(1000) + "]".repeat(1000);
        try (TransferClient c = ext.client()) {
            c.sendJson(ok);
        }
        assertThat(((TransferMessage.Json) ext.server().listen()).text()).isEqualTo(ok);
        awaitAllGivenBack();
    }

    private String jsonRefusal(String json) throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, json.getBytes(StandardCharsets.UTF_8))).endsWith("ACK\r\n");
            p.send("JSON\r\n");
            return p.readLine();
        }
    }

    @Test
    void theLibraryDefaultIsABudgetOfItsOwn() {
        TransferServerConfig c = TransferServerConfig.of(Path.of("x"));
        assertThat(c.budget().limit()).isEqualTo(MemoryBudget.defaultLimit());
    }
}
