package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.letters;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.transfer.client.TransferClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Frame deadlines are deadlines, not idle timers: a sender trickling a header one byte at a time (which an idle
 * timer that every byte restarts would never drop) is answered ERR once the header timeout passed, and a chunk
 * must arrive at the minimum rate.
 */
class DeadlinesTest {
    /** Idle timeout far longer than the deadlines: only a deadline can end these connections in time. */
    private static final TransferLimits LIMITS = TransferLimits.defaults().withIdleTimeout(Duration.ofSeconds(20))
            .withHeaderTimeout(Duration.ofMillis(600)).withMinBodyRate(1000);

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c.withLimits(LIMITS));

    /** Sends {@code b} one byte every {@code gapMillis} until the receiver answers; returns the answer. */
    private static String trickle(RawPeer p, byte[] b, long gapMillis) throws Exception {
        for (byte x : b) {
            try {
                p.send(new byte[] {x});
            } catch (java.io.IOException closed) {
                break;
            }
            Thread.sleep(gapMillis);
            if (p.available() > 0) {
                break;
            }
        }
        return p.readLine();
    }

    @Test
    void aTrickledFirstFrameIsCutOffAtTheHeaderDeadline() throws Exception {
        byte[] body = letters(10);
        long start = System.nanoTime();
        try (RawPeer p = RawPeer.open(ext)) {
            // One byte every 50 ms: the 60-byte frame would take 3 s; the idle timeout never fires.
            String reply = trickle(p, firstFrame(10, sha256(body), body), 50);
            assertThat(reply).isEqualTo("ERR too slow: first frame after connecting not complete within 600 ms\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(ext.server().stats().timeouts.sum()).isEqualTo(1);
    }

    @Test
    void aTrickledLaterHeaderIsCutOffAtItsDeadline() throws Exception {
        byte[] body = letters(3000);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(3000, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 1002\r\n");
            // The next frame is 6 + 1002 bytes: 600 ms for the header, nothing more at 1 000 B/s (it is under the
            // first frame's 2 048 bytes). Its clock starts at its first byte.
            String reply = trickle(p, TestBytes.nextFrame(body, 1998, 1002), 50);
            assertThat(reply).isEqualTo("ERR too slow: frame of up to 1008 bytes not complete within 600 ms\r\n");
        }
    }

    @Test
    void aChunkMustArriveAtTheMinimumRate() throws Exception {
        byte[] body = letters(7000);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(7000, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 3996\r\n");
            // 6 + 3 996 bytes: 600 ms + (4 002 - 2 048) bytes at 1 000 B/s = 2 554 ms. Send half, then stall.
            byte[] frame = TestBytes.nextFrame(body, 1998, 3996);
            long start = System.nanoTime();
            p.send(java.util.Arrays.copyOf(frame, 2000));
            assertThat(p.readLine()).isEqualTo("ERR too slow: frame of up to 4002 bytes not complete within 2554 ms"
                    + "\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2400),
                    Duration.ofMillis(4500));
        }
    }

    @Test
    void aSenderThatKeepsPaceIsNotCutOffAndAQuietConnectionBetweenMessagesIsAllowedItsIdleTime() throws Exception {
        try (TransferClient c = ext.client()) {
            c.send("one");
            // Longer than the header timeout, shorter than the idle timeout: between messages, nothing is waited for.
            Thread.sleep(900);
            c.send(new String(letters(50_000), java.nio.charset.StandardCharsets.US_ASCII));
        }
        assertThat(ext.server().stats().messages.sum()).isEqualTo(2);
        assertThat(ext.server().stats().timeouts.sum()).isZero();
    }
}
