package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.letters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same bytes inside TLS, and the certificate rules of the KV service. */
class TlsWireTest {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.tls(c -> c);

    @Test
    void repliesAreByteExactInsideTls() throws Exception {
        byte[] body = letters(1998 + 3996 + 1);
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, body)).containsExactly("ACK 3996\r\n", "ACK 1\r\n", "ACK\r\n");
            p.send("TEXT\r\n");
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
        }
        assertThat(ext.server().poll(Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void senderRefusesAnUntrustedCertificateByDefault() {
        TransferClientConfig systemTrust = TransferClientConfig.tls("localhost", ext.port(), ClientTrust.system());
        assertThatThrownBy(() -> TransferClient.connect(systemTrust))
                .isInstanceOfSatisfying(TransferException.class,
                        e -> assertThat(e.reason()).isEqualTo(TransferException.Reason.TLS));
    }

    @Test
    void senderChecksTheHostName() {
        TransferClientConfig wrongName = TransferClientConfig.tls("127.0.0.2", ext.port(),
                ClientTrust.caFile(TransferServerExtension.caCert()));
        assertThatThrownBy(() -> TransferClient.connect(wrongName))
                .isInstanceOfSatisfying(TransferException.class,
                        e -> assertThat(e.reason()).isIn(TransferException.Reason.TLS, TransferException.Reason.IO));
    }

    @Test
    void trustAllConnectsWithoutChecking() throws Exception {
        try (TransferClient c = TransferClient.connect(
                TransferClientConfig.tls("localhost", ext.port(), ClientTrust.trustAll()))) {
            c.send("unverified");
        }
        assertThat(ext.server().poll(Duration.ofSeconds(5))).isPresent();
    }

    @Test
    void plainSenderGetsNothingFromATlsReceiver() throws Exception {
        Path f = Files.write(ext.outbox().resolve("f"), letters(10));
        TransferClientConfig plain = TransferClientConfig.plain("localhost", ext.port())
                .withReplyTimeout(Duration.ofSeconds(3));
        try (TransferClient c = TransferClient.connect(plain)) {
            assertThatThrownBy(() -> c.sendFile(f)).isInstanceOf(TransferException.class);
        }
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
    }
}
