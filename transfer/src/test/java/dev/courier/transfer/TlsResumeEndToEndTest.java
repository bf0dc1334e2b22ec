package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.transfer.client.ResumingSender;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.server.ExtensionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resume inside TLS: a relay cuts the TLS connection mid-file, the sender's new handshake resumes the file. */
class TlsResumeEndToEndTest {
    @RegisterExtension
    final TransferServerExtension server = TransferServerExtension.tls(c -> c.withExtensions(
            ExtensionSettings.defaults().withPartialDirectory(c.directory().resolveSibling("partial"))));

    @Test
    void aTlsConnectionCutMidFileResumesOnTheNextOne() throws Exception {
        byte[] content = TestBytes.random(2 << 20, 16);
        Path file = Files.write(server.outbox().resolve("big.bin"), content);
        List<String> notes = new ArrayList<>();
        try (CuttingProxy proxy = new CuttingProxy(server.port(), 700_000);
             ResumingSender s = new ResumingSender(TransferClientConfig.tls("localhost", proxy.port(),
                     ClientTrust.caFile(TransferServerExtension.caCert())), new ResumingSender.Retries(2,
                     Duration.ofMillis(1), Duration.ofMillis(5)), notes::add)) {
            assertThat(s.sendFile(file, "big.bin", TransferProgress.NONE).sha256())
                    .isEqualTo(TestBytes.sha256(content));
            assertThat(proxy.cutsMade()).isEqualTo(1);
        }
        assertThat(notes).anyMatch(n -> n.matches("resumed big\\.bin at \\d+% \\(offset \\d+ of 2097152 bytes\\)"));
        assertThat(Files.readAllBytes(server.inbox().resolve("big.bin"))).isEqualTo(content);
        assertThat(TestBytes.names(server.inbox())).containsExactly("big.bin");
        assertThat(TestBytes.names(server.inbox().resolveSibling("partial"))).isEmpty();
    }
}
