package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShellWordsTest {
    @Test
    void splitsOnSpacesAndTabs() {
        assertThat(ShellWords.split("  put\tk   v ")).containsExactly("put", "k", "v");
        assertThat(ShellWords.split("")).isEmpty();
        assertThat(ShellWords.split("   ")).isEmpty();
    }

    @Test
    void quotesKeepSpaces() {
        assertThat(ShellWords.split("put \"a b\" 'c  d'")).containsExactly("put", "a b", "c  d");
        assertThat(ShellWords.split("put k \"\"")).containsExactly("put", "k", "");
        assertThat(ShellWords.split("put k ''")).containsExactly("put", "k", "");
        assertThat(ShellWords.split("put a\"b c\"d")).containsExactly("put", "ab cd");
    }

    @Test
    void escapes() {
        assertThat(ShellWords.split("put \"say \\\"hi\\\"\" x")).containsExactly("put", "say \"hi\"", "x");
        assertThat(ShellWords.split("put 'it\\s' a\\ b")).containsExactly("put", "it\\s", "a b");
        assertThat(ShellWords.split("put \"a\\nb\"")).containsExactly("put", "a\\nb");
    }

    @Test
    void unclosedQuotesAreErrors() {
        assertThatThrownBy(() -> ShellWords.split("put \"a b")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> ShellWords.split("put 'a b")).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> ShellWords.split("put a\\")).hasMessageContaining("backslash");
    }
}
