package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.transfer.client.TransferClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Names that would leave the target directory, sent raw: refused, and nothing written anywhere. */
class HostileNamesTest {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.plain(c -> c);

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..%2Fx", "a/b", "a%2Fb", "%2F", "%2f", "..", "%2E%2E", ".", "%00", "a%00b", "",
        "a\\b", "a%5Cb", "%2Fetc%2Fpasswd", "x%0A"})
    void refused(String wireName) throws Exception {
        try (RawPeer p = RawPeer.open(ext)) {
            assertThat(WireTest.sendBody(p, TestBytes.letters(2500))).containsExactly("ACK 502\r\n", "ACK\r\n");
            p.send("FILE " + wireName + "\r\n");
            assertThat(p.readLine()).startsWith("ERR bad file name: ");
            assertThat(p.closedByPeer()).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> ext.server().openConnections() == 0);
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
        assertThat(TestBytes.names(ext.inbox().getParent())).containsExactly("inbox");
    }

    @Test
    void senderRefusesThemBeforeSendingAnything() throws Exception {
        Path f = Files.write(ext.outbox().resolve("f"), new byte[] {1});
        try (TransferClient c = ext.client()) {
            for (String bad : new String[] {"../x", "a/b", "..", "a\0b", "", "a\\b"}) {
                assertThatThrownBy(() -> c.sendFile(f, bad, TransferProgress.NONE))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThatThrownBy(() -> c.sendFile(f, "\u00e9".repeat(400), TransferProgress.NONE))
                    .hasMessageContaining("too long for the trailer");
            c.sendFile(f, "%2F", TransferProgress.NONE);
        }
        assertThat(TestBytes.names(ext.inbox())).containsExactly("%2F");
    }
}
