package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.concat;
import static dev.courier.transfer.TestBytes.crc;
import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.letters;
import static dev.courier.transfer.TestBytes.nextFrame;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The receiver's bytes, exactly, against a raw sender: replies, chunk growth, NACKs and the NACK limit. */
class WireTest {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c);

    /** Sends a body the receiver's way: each ACK n answered by the next n bytes; returns the replies seen. */
    static List<String> sendBody(RawPeer p, byte[] body) throws Exception {
        List<String> replies = new ArrayList<>();
        p.send(firstFrame(body.length, sha256(body), body));
        int at = Math.min(body.length, 1998);
        while (true) {
            String r = p.readLine();
            replies.add(r);
            if (!r.startsWith("ACK ")) {
                return replies;
            }
            int n = Integer.parseInt(r.substring(4).trim());
            p.send(nextFrame(body, at, n));
            at += n;
        }
    }

    @Test
    void chunksDoubleFrom1998AndTheBodyEndsWithABareAck() throws Exception {
        byte[] body = letters(1998 + 3996 + 7992 + 100);
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(sendBody(p, body)).containsExactly("ACK 3996\r\n", "ACK 7992\r\n", "ACK 100\r\n", "ACK\r\n");
            p.send("TEXT\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        TransferMessage.Text m = (TransferMessage.Text) ext.server().poll(Duration.ofSeconds(5)).orElseThrow();
        assertThat(m.text()).isEqualTo(new String(body, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void chunksStopGrowingAtTheMaximum() throws Exception {
        byte[] body = TestBytes.random(6 << 20, 3);
        try (RawPeer p = RawPeer.open(ext)) {
            List<String> replies = sendBody(p, body);
            List<String> expected = new ArrayList<>();
            long left = body.length - 1998L;
            for (long n = 3996; left > 0; n = Math.min(2 * n, 1 << 20)) {
                long ask = Math.min(n, left);
                expected.add("ACK " + ask + "\r\n");
                left -= ask;
            }
            expected.add("ACK\r\n");
            assertThat(replies).containsExactlyElementsOf(expected);
            assertThat(replies).contains("ACK 1048576\r\n").doesNotContain("ACK 2097152\r\n");
            p.send("FILE big.bin\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(java.nio.file.Files.readAllBytes(ext.inbox().resolve("big.bin"))).isEqualTo(body);
    }

    @Test
    void badCrcIsAnsweredNack1AndTheSameFrameAgainAccepted() throws Exception {
        byte[] body = letters(3000);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(3000, sha256(body), crc(body, 0, 1998) ^ 1, body, 0, 1998));
            assertThat(p.readLine()).isEqualTo("NACK1\r\n");
            p.send(firstFrame(3000, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 1002\r\n");
            p.send(nextFrame(crc(body, 1998, 3000) ^ 0x80000000, body, 1998, 1002));
            assertThat(p.readLine()).isEqualTo("NACK1\r\n");
            p.send(nextFrame(body, 1998, 1002));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("TEXT\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(ext.server().stats().nack1.sum()).isEqualTo(2);
    }

    @Test
    void badShaIsAnsweredNack2AndTheMessageMayStartAgain() throws Exception {
        byte[] body = letters(2500);
        byte[] wrong = sha256(letters(2499));
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(2500, wrong, body));
            assertThat(p.readLine()).isEqualTo("ACK 502\r\n");
            p.send(nextFrame(body, 1998, 502));
            assertThat(p.readLine()).isEqualTo("NACK2\r\n");
            assertThat(sendBody(p, body)).containsExactly("ACK 502\r\n", "ACK\r\n");
            p.send("FILE b.txt\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(ext.server().stats().nack2.sum()).isEqualTo(1);
        assertThat(TestBytes.names(ext.inbox())).containsExactly("b.txt");
    }

    @Test
    void theEleventhFailureIsAnsweredErrAndNothingIsDelivered() throws Exception {
        byte[] body = letters(5000);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(5000, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ACK 3002\r\n");
            for (int i = 0; i < 10; i++) {
                p.send(nextFrame(0, body, 1998, 3002));
                assertThat(p.readLine()).isEqualTo("NACK1\r\n");
            }
            p.send(nextFrame(0, body, 1998, 3002));
            assertThat(p.readLine()).isEqualTo("ERR too many NACKs: 10 for one message\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
        assertThat(ext.server().poll(Duration.ofMillis(200))).isEmpty();
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
    }

    @Test
    void nack1AndNack2CountTogetherTowardsTheLimit() throws Exception {
        byte[] body = letters(10);
        try (RawPeer p = RawPeer.open(ext)) {
            for (int i = 0; i < 5; i++) {
                p.send(firstFrame(10, sha256(body), 7, body, 0, 10));
                assertThat(p.readLine()).isEqualTo("NACK1\r\n");
                p.send(firstFrame(10, new byte[32], body));
                assertThat(p.readLine()).isEqualTo("NACK2\r\n");
            }
            p.send(firstFrame(10, new byte[32], body));
            assertThat(p.readLine()).startsWith("ERR too many NACKs");
        }
    }

    @Test
    void theNackCountStartsAfreshWithEachMessage() throws Exception {
        byte[] body = letters(10);
        try (RawPeer p = RawPeer.open(ext)) {
            for (int message = 0; message < 3; message++) {
                for (int i = 0; i < 10; i++) {
                    p.send(firstFrame(10, sha256(body), 7, body, 0, 10));
                    assertThat(p.readLine()).isEqualTo("NACK1\r\n");
                }
                assertThat(sendBody(p, body)).containsExactly("ACK\r\n");
                p.send("TEXT\r\n");
                assertThat(p.readLine()).isEqualTo("ACK\r\n");
            }
        }
    }

    @Test
    void jsonAndFileTrailersAreAcknowledgedAfterDelivery() throws Exception {
        byte[] json = "{\"a\":[1,2,3]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(sendBody(p, json)).containsExactly("ACK\r\n");
            p.send("JSON\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            assertThat(sendBody(p, new byte[0])).containsExactly("ACK\r\n");
            p.send("FILE caf%C3%A9 %25.txt\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(ext.server().poll(Duration.ofSeconds(5)).orElseThrow().kind()).isEqualTo(TransferMessage.Kind.JSON);
        TransferMessage.File f = (TransferMessage.File) ext.server().poll(Duration.ofSeconds(5)).orElseThrow();
        assertThat(f.name()).isEqualTo("café %.txt");
        assertThat(f.size()).isZero();
        assertThat(TestBytes.names(ext.inbox())).containsExactly("café %.txt");
    }

    @Test
    void headerOfTheWrongShapeIsAnsweredErr() throws Exception {
        byte[] frame = concat(firstFrame(3, new byte[32], letters(3)));
        frame[8] = 'x';
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(frame);
            assertThat(p.readLine()).isEqualTo("ERR bad header: CR LF missing after size, SHA-256 or CRC-32\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
        assertThat(ext.server().stats().violations.sum()).isEqualTo(1);
    }
}
