package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.random;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.client.Credentials;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.server.SenderAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared token over real TLS on loopback: a sender with it is let in for every message of its connection; a
 * wrong token, or none, is refused before any body byte is read or stored (the first frame of a body that would go
 * to disk is answered ERR, and no temporary file appears); bad tokens lock an address out.
 */
class TokenAuthTest {
    static final String TOKEN = "b2f1c0de-5eed-4a11-9e7a-0123456789ab";

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.tls(
            c -> c.withAuth(new SenderAuth(null, TransferToken.of(TOKEN))));

    private TransferClientConfig with(String token) {
        return ext.clientConfig().withCredentials(new Credentials(null, TransferToken.of(token)));
    }

    /** A body larger than the in-memory limit: its first frame alone would open a temporary file. */
    private static byte[] bigBody() {
        return random(5 << 20, 11);
    }

    @Test
    void theRightTokenLetsEveryMessageOfTheConnectionIn() throws Exception {
        Path f = Files.write(ext.outbox().resolve("a.bin"), random(300_000, 5));
        try (TransferClient c = TransferClient.connect(with(TOKEN))) {
            c.send("hello");
            c.sendFile(f);
        }
        assertThat(((TransferMessage.Text) ext.server().poll(Duration.ofSeconds(5)).orElseThrow()).text())
                .isEqualTo("hello");
        assertThat(Files.readAllBytes(ext.inbox().resolve("a.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThat(ext.server().stats().authRefused.sum()).isZero();
    }

    @Test
    void aWrongTokenIsRefusedBeforeTheFirstFrameIsRead() throws Exception {
        byte[] body = bigBody();
        try (RawPeer p = RawPeer.open(ext)) {
            // The first frame follows the AUTH line at once, without waiting: the receiver must not read it.
            p.send(concat("\u00ffAUTH wrong-token-0000000000000\r\n", firstFrame(body.length, sha256(body), body)));
            assertThat(p.readLine()).isEqualTo("ERR bad token\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
        assertNothingStored();
        assertThat(ext.server().stats().authRefused.sum()).isEqualTo(1);
    }

    @Test
    void aFirstFrameWithoutAuthIsRefusedAndNothingStored() throws Exception {
        byte[] body = bigBody();
        try (RawPeer p = RawPeer.open(ext)) {
            p.send(firstFrame(body.length, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ERR unauthorized: this receiver needs a token\r\n");
            assertThat(p.closedByPeer()).isTrue();
        }
        assertNothingStored();
    }

    @Test
    void anotherExtensionBeforeAuthIsRefused() throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            p.send("\u00ffFROBNICATE 1\r\n");
            assertThat(p.readLine()).isEqualTo("ERR unauthorized: this receiver needs a token\r\n");
        }
    }

    @Test
    void theClientSaysTheTokenWasRefused() throws Exception {
        assertThatThrownBy(() -> TransferClient.connect(with("not-the-token-at-all-1234")))
                .isInstanceOfSatisfying(TransferException.class, e -> {
                    assertThat(e.reason()).isEqualTo(TransferException.Reason.REFUSED);
                    assertThat(e.getMessage()).isEqualTo("the receiver refused: bad token");
                });
        assertThatThrownBy(() -> {
            try (TransferClient c = TransferClient.connect(ext.clientConfig())) {
                c.send("no token");
            }
        }).hasMessage("the receiver refused: unauthorized: this receiver needs a token");
        assertNothingStored();
    }

    @Test
    void badTokensLockTheAddressOutEvenForTheRightOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (RawPeer p = RawPeer.open(ext)) {
                p.send("\u00ffAUTH wrong-token-0000000000000\r\n");
                assertThat(p.readLine()).isEqualTo("ERR bad token\r\n");
            }
        }
        try (RawPeer p = RawPeer.open(ext)) {
            p.send("\u00ffAUTH " + TOKEN + "\r\n");
            assertThat(p.readLine()).isEqualTo("ERR too many bad tokens from your address: try again later\r\n");
        }
    }

    @Test
    void theAuthLineOnTheWireIsAnsweredOk() throws Exception {
        byte[] body = TestBytes.letters(5);
        try (RawPeer p = RawPeer.open(ext)) {
            p.send("\u00ffAUTH " + TOKEN + "\r\n");
            assertThat(p.readLine()).isEqualTo("OK\r\n");
            p.send(firstFrame(5, sha256(body), body));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("TEXT\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(ext.server().poll(Duration.ofSeconds(5))).isPresent();
    }

    private void assertNothingStored() throws Exception {
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
        assertThat(ext.server().stats().messages.sum()).isZero();
        assertThat(ext.server().stats().inFlight.sum()).isZero();
        assertThat(ext.server().poll(Duration.ofMillis(1))).isEmpty();
    }

    private static byte[] concat(String ascii, byte[] b) {
        return TestBytes.concat(ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), b);
    }
}
