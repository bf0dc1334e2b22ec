package dev.courier.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client CA file: loaded, reloaded only when it changes, a bad file refused with the old one kept. */
class ClientCaTest {
    @TempDir
    Path dir;

    @Test
    void reloadCountsChangesAndKeepsTheAuthoritiesWhenTheFileIsBad() throws Exception {
        CertificateAuthority.issueClient(dir.resolve("a"), "x", 1, Clock.systemUTC());
        CertificateAuthority.issueClient(dir.resolve("b"), "y", 1, Clock.systemUTC());
        Path file = Files.copy(dir.resolve("a/ca.crt"), dir.resolve("clients.pem"));
        ClientCa ca = ClientCa.load(file, Clock.systemUTC());
        assertThat(ca.reload()).isFalse();
        assertThat(ca.version()).isZero();
        // Two CAs in one file: both are authorities.
        Files.writeString(file, Files.readString(dir.resolve("a/ca.crt")) + Files.readString(dir.resolve("b/ca.crt")));
        assertThat(ca.reload()).isTrue();
        assertThat(ca.authorities()).hasSize(2);
        assertThat(ca.version()).isEqualTo(1);
        Files.writeString(file, "not a certificate");
        assertThatThrownBy(ca::reload).hasMessageContaining("no PEM certificate");
        assertThat(ca.authorities()).hasSize(2);
        assertThat(ca.version()).isEqualTo(1);
    }

    @Test
    void namesInLogLinesHaveTheirControlCharactersEscaped() {
        assertThat(ClientCa.printable("CN=evil\n2026-01-01 INFO forged\u001b[31m\u202e"))
                .isEqualTo("CN=evil\\x0A2026-01-01 INFO forged\\x1B[31m\\u{202E}");
        assertThat(ClientCa.printable("CN=caf\u00e9")).isEqualTo("CN=caf\u00e9");
    }
}
