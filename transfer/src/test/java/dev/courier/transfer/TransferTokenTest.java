package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared token: read trimmed, refused in words that never quote it, compared by digest, printed as its id. */
class TransferTokenTest {
    @TempDir
    Path dir;

    @Test
    void aFileIsReadTrimmedAndTheTokenNeverPrinted() throws Exception {
        TransferToken t = TransferToken.read(Files.writeString(dir.resolve("t"), "\n  7c1d0e5a9b3f4e21a8d6c0b2e4f61357 \r\n"));
        assertThat(t.value()).isEqualTo("7c1d0e5a9b3f4e21a8d6c0b2e4f61357");
        assertThat(t.matches("7c1d0e5a9b3f4e21a8d6c0b2e4f61357")).isTrue();
        assertThat(t.matches("7c1d0e5a9b3f4e21a8d6c0b2e4f61358")).isFalse();
        assertThat(t.matches(null)).isFalse();
        assertThat(t.id()).isEqualTo("token:aa32d487");
        assertThat(t.toString()).isEqualTo("TransferToken[token:aa32d487]");
    }

    @Test
    void unusableTokensAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> TransferToken.of("   ")).hasMessage("the token is empty");
        assertThatThrownBy(() -> TransferToken.of("tooShort123"))
                .hasMessage("the token is too short: 11 characters, at least 16 are needed (e.g. openssl rand -hex 16)");
        assertThatThrownBy(() -> TransferToken.of("with a space inside it"))
                .hasMessage("the token may hold only printable ASCII without spaces (character 5 is not)");
        assertThatThrownBy(() -> TransferToken.of("x".repeat(TransferToken.MAX_CHARS + 1)))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> TransferToken.of("caf\u00e9-caf\u00e9-caf\u00e9-caf\u00e9"))
                .hasMessageContaining("printable ASCII").hasMessageNotContaining("caf");
    }
}
