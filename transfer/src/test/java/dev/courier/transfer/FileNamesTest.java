package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", "..", ".", "a\0b", "\0", "", "a\\b", "x/..", "/etc/passwd", "a..b",
        "line\nbreak", "del\u007f"})
    void hostileNamesAreRefused(String name) {
        assertThat(FileNames.problem(name)).isPresent();
        assertThatThrownBy(() -> FileNames.check(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report.pdf", "a b", "été.txt", ".bashrc", "%2F", "name (1).ext", "日本語.md", "a.b.c"})
    void ordinaryNamesPass(String name) {
        assertThat(FileNames.problem(name)).isEmpty();
        assertThat(FileNames.check(name)).isEqualTo(name);
    }

    @Test
    void numberedNamesKeepTheExtension() {
        assertThat(FileNames.numbered("report.pdf", 1)).isEqualTo("report (1).pdf");
        assertThat(FileNames.numbered("README", 2)).isEqualTo("README (2)");
        assertThat(FileNames.numbered(".bashrc", 1)).isEqualTo(".bashrc (1)");
        assertThat(FileNames.numbered("a.tar.gz", 3)).isEqualTo("a.tar (3).gz");
    }
}
