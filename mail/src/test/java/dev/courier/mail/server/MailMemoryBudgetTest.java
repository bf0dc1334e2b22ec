package dev.courier.mail.server;

import static dev.courier.mail.RawMailConnection.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.core.budget.MemoryBudget;
import dev.courier.mail.MailServerExtension;
import dev.courier.mail.RawMailConnection;
import dev.courier.mail.command.ConnectionMemory;
import dev.courier.mail.command.MailCommands;
import dev.courier.mail.protocol.Fields;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a mail connection holds in memory is charged to the server's budget, to the byte, and given back: a listing
 * while it is read, encoded and written; an unfinished request line past its free 4 KiB.
 */
class MailMemoryBudgetTest {
    private static final long LIMIT = 64L << 20;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BUSY = line("ERR:limit:server busy, try again");

    private final MemoryBudget budget = new MemoryBudget(LIMIT);

    @RegisterExtension
    final MailServerExtension mail = new MailServerExtension(c -> c.withBudget(budget));

    /** Sends alice {@code n} messages of {@code bodyChars} characters each; returns her session id. */
    private String fill(RawMailConnection c, int n, int bodyChars) throws Exception {
        String sid = c.login("alice", "pw");
        for (int i = 0; i < n; i++) {
            c.send(sid + ":email:alice:s" + i + ":" + "b".repeat(bodyChars));
        }
        for (int i = 0; i < n; i++) {
            assertThat(c.readLine()).startsWith("OK:sent:");
        }
        return sid;
    }

    /** Reads a whole listing: its count line and its message lines. */
    private static List<String> readListing(RawMailConnection c) throws Exception {
        List<String> lines = new ArrayList<>();
        String first = c.readLine();
        lines.add(first);
        int n = Integer.parseInt(first.substring(3, first.indexOf('#')));
        for (int i = 0; i < n; i++) {
            lines.add(c.readLine());
        }
        return lines;
    }

    /** What the server charges at the peak of this listing: the messages read, and every encoded line. */
    private static long peakOf(List<String> listing) {
        long cost = 0;
        for (int i = 0; i < listing.size(); i++) {
            String l = listing.get(i);
            cost += l.getBytes(StandardCharsets.UTF_8).length + ConnectionMemory.LINE_OVERHEAD;
            if (i > 0) {
                // MSG:id:sender:sent-at:subject:body#sha1
                List<String> f = List.of(l.substring(0, l.lastIndexOf('#')).split(":", -1));
                cost += 2L * (f.get(2).length() + f.get(4).length() + f.get(5).length())
                        + ConnectionMemory.MESSAGE_OVERHEAD;
            }
        }
        return cost;
    }

    @Test
    void aListingIsChargedToTheByteAndRefusedOneByteShortLeavingTheMailboxIntact() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = fill(c, 3, 10_000);
            assertThat(budget.used()).isZero();
            List<String> listing;
            c.send(sid + ":dump");
            listing = readListing(c);
            assertThat(listing).hasSize(4);
            await().atMost(WAIT).until(() -> budget.used() == 0);
            long peak = peakOf(listing);

            // Exactly the peak left free: the listing fits.
            budget.forceCharge(LIMIT - peak);
            c.send(sid + ":dump");
            assertThat(readListing(c)).isEqualTo(listing);
            await().atMost(WAIT).until(() -> budget.used() == LIMIT - peak);

            // One byte less: refused, nothing written but the limit reply, nothing left charged, nothing touched.
            budget.forceCharge(1);
            long refusedBefore = budget.refused();
            assertThat(c.ask(sid + ":dump")).isEqualTo(BUSY);
            assertThat(budget.refused()).isGreaterThan(refusedBefore);
            assertThat(budget.used()).isEqualTo(LIMIT - peak + 1);
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:3"));
            assertThat(c.ask(sid + ":getmsg:alice")).isEqualTo(BUSY);
            assertThat(mail.server().stats().memoryRefused.sum()).isEqualTo(2);

            budget.release(LIMIT - peak + 1);
            c.send(sid + ":getmsg:alice");
            assertThat(readListing(c)).isEqualTo(listing);
            await().atMost(WAIT).until(() -> budget.used() == 0);
        }
    }

    @Test
    void aListingRefusedWhileReadingTheStoreAnswersTheLimitReply() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = fill(c, 3, 10_000);
            // Room for two messages read, not three: the store's read stops, its charges are given back.
            long perMessage = 2L * ("alice".length() + 2 + 10_000) + ConnectionMemory.MESSAGE_OVERHEAD;
            budget.forceCharge(LIMIT - 2 * perMessage - 1);
            assertThat(c.ask(sid + ":dump")).isEqualTo(BUSY);
            await().atMost(WAIT).until(() -> budget.used() == LIMIT - 2 * perMessage - 1);
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:3"));
        }
    }

    @Test
    void aListingTheClientDoesNotReadStaysChargedUntilTheConnectionCloses() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            // 8 MiB of listing: more than the socket buffers take while nobody reads.
            String sid = fill(c, 128, 60_000);
            assertThat(budget.used()).isZero();
            c.send(sid + ":dump");
            c.send(sid + ":dump");
            // The first listing's lines wait (charged); the second listing does not start while they do.
            // Read and encoded, the messages' charge given back: the lines' bytes are held while they wait.
            long lineBytes = 128L * (60_000 + 100);
            await().atMost(WAIT).until(() -> budget.used() >= lineBytes && budget.used() <= lineBytes + 129_000);
            long held = budget.used();
            assertThat(held).isPositive();
            // And it stays so: the second dump waits for the first one's lines to be written.
            await().during(Duration.ofMillis(700)).atMost(WAIT).until(() -> budget.used() == held);
            // Another connection of the same address: a second large listing would pass the address's share.
            try (RawMailConnection c2 = mail.raw()) {
                String sid2 = c2.login("alice", "pw");
                assertThat(c2.ask(sid2 + ":dump")).isEqualTo(BUSY);
                assertThat(budget.used()).isEqualTo(held);
                assertThat(c2.ask(sid2 + ":count")).isEqualTo(line("OK:128"));
            }
        }
        // Closed without reading: the write fails and everything is given back.
        await().atMost(WAIT).until(() -> budget.used() == 0);
    }

    @Test
    void aLargeListingLeavesTheHeadroomForSmallOnes() throws Exception {
        mail.addUser("alice", "pw");
        mail.addUser("bob", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = fill(c, 6, 60_000);
            String bob = c.login("bob", "pw");
            assertThat(c.ask(bob + ":email:bob:hi:small")).startsWith("OK:sent:");
            // Free: the sixteenth kept for small listings, and 100 KB more.
            long spent = LIMIT - LIMIT / ConnectionMemory.HEADROOM_SHARE - 100_000;
            budget.forceCharge(spent);
            assertThat(c.ask(sid + ":dump")).isEqualTo(BUSY);
            assertThat(budget.used()).isEqualTo(spent);
            c.send(bob + ":dump");
            assertThat(readListing(c)).hasSize(2);
            await().atMost(WAIT).until(() -> budget.used() == spent);
            budget.release(spent);
            c.send(sid + ":dump");
            assertThat(readListing(c)).hasSize(7);
        }
    }

    @Test
    void anUnfinishedLineIsChargedPastFourKibAndGivenBackWhenComplete() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = c.login("alice", "pw");
            String request = sid + ":email:alice:s:" + "b".repeat(20_000);
            byte[] whole = line(request).getBytes(StandardCharsets.UTF_8);
            int part = 10_000;
            c.sendBytes(java.util.Arrays.copyOf(whole, part));
            await().atMost(WAIT).until(() -> budget.used() == part - ConnectionMemory.FREE_LINE_BYTES);
            c.sendBytes(java.util.Arrays.copyOfRange(whole, part, whole.length));
            assertThat(c.readLine()).startsWith("OK:sent:");
            assertThat(budget.used()).isZero();
            // A line under the free allowance costs nothing.
            c.sendBytes("x".repeat(ConnectionMemory.FREE_LINE_BYTES).getBytes(StandardCharsets.US_ASCII));
            assertThat(c.ask(sid + ":count")).isEqualTo(line("KO"));
            assertThat(budget.used()).isZero();
        }
    }

    @Test
    void aLineTheBudgetCannotHoldIsAnsweredAndTheConnectionClosed() throws Exception {
        mail.addUser("alice", "pw");
        budget.forceCharge(LIMIT - 1_000);
        try (RawMailConnection c = mail.raw()) {
            String sid = c.login("alice", "pw");
            c.sendRaw(sid + ":email:alice:s:" + "b".repeat(8_000));
            assertThat(c.readLine()).isEqualTo(line("ERR:limit:" + Fields.escape(MailCommands.NO_MEMORY_TEXT)));
            assertThat(c.closedWithoutAnswer()).isTrue();
        }
        await().atMost(WAIT).until(() -> budget.used() == LIMIT - 1_000);
        budget.release(LIMIT - 1_000);
        try (RawMailConnection c = mail.raw()) {
            String sid = c.login("alice", "pw");
            assertThat(c.ask(sid + ":count")).isEqualTo(line("OK:0"));
        }
    }

    @Test
    void aConnectionClosedMidLineLeavesNothingCharged() throws Exception {
        mail.addUser("alice", "pw");
        try (RawMailConnection c = mail.raw()) {
            String sid = c.login("alice", "pw");
            c.sendRaw(sid + ":email:alice:s:" + "b".repeat(30_000));
            await().atMost(WAIT).until(() -> budget.used() > 20_000);
        }
        await().atMost(WAIT).until(() -> budget.used() == 0);
    }
}
