package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PasswordsTest {
    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOneLineWithoutItsLineEndAndLeavesTheRest() throws Exception {
        InputStream in = in("pässword\r\nnext line\n");
        assertThat(new String(Passwords.readLine(in))).isEqualTo("pässword");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("next line\n");
    }

    @Test
    void aLastLineWithoutLineFeedCounts() throws Exception {
        assertThat(new String(Passwords.readLine(in("pw")))).isEqualTo("pw");
    }

    @Test
    void noInputIsAUsageError() {
        assertThatThrownBy(() -> Passwords.readLine(in(""))).isInstanceOf(CliFailure.class)
                .hasMessageContaining("no password");
    }

    @Test
    void keepsSpacesInside() throws Exception {
        assertThat(new String(Passwords.readLine(in(" a b \n")))).isEqualTo(" a b ");
    }

    @Test
    void fileGivesItsFirstLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("pw");
        Files.writeString(f, "secret\nignored\n");
        assertThat(new String(Passwords.fromFile(f))).isEqualTo("secret");
        assertThatThrownBy(() -> Passwords.fromFile(dir.resolve("missing"))).isInstanceOf(CliFailure.class)
                .hasMessageContaining("cannot read password file");
    }

    @Test
    void missingVariableIsAUsageError() {
        assertThatThrownBy(() -> Passwords.fromEnv("COURIER_TEST_SURELY_UNSET_VARIABLE"))
                .isInstanceOf(CliFailure.class).hasMessageContaining("COURIER_TEST_SURELY_UNSET_VARIABLE");
    }

    @Test
    void askNewNeedsTheSamePasswordTwice() {
        assertThat(new String(Passwords.askNew(prompt("a", "a"), "x"))).isEqualTo("a");
        assertThatThrownBy(() -> Passwords.askNew(prompt("a", "b"), "x")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("differ");
        assertThatThrownBy(() -> Passwords.askNew(prompt("", ""), "x")).isInstanceOf(CliFailure.class)
                .hasMessageContaining("empty");
    }

    /** A prompt that answers with {@code answers} in turn, then end of input. */
    static Io.PasswordPrompt prompt(String... answers) {
        ArrayDeque<String> q = new ArrayDeque<>(List.of(answers));
        return text -> q.isEmpty() ? null : q.poll().toCharArray();
    }
}
