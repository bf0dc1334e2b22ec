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

    @ParameterizedTest
    @ValueSource(strings = {"root/../x", "root/a//b", "/root/a", "root/a\\b", "root/a\u0001b", "root/", "root",
        "root/./a", "root/.courier-1.part", "root/a/.."})
    void hostileTreePathsAreRefused(String path) {
        assertThat(FileNames.pathProblem(path, 32)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"root/a", "root/sub/dir/file.txt", "photos (1)/été/x.jpg", "r/.hidden/a b"})
    void ordinaryTreePathsPass(String path) {
        assertThat(FileNames.pathProblem(path, 32)).isEmpty();
    }

    @Test
    void treeDepthIsCountedInSeparatorsAndLimited() {
        assertThat(FileNames.pathProblem("r/1/2/3", 3)).isEmpty();
        assertThat(FileNames.pathProblem("r/1/2/3/4", 3)).hasValue("path deeper than 3 folders");
        assertThat(FileNames.pathProblem("r/a//b", 32)).hasValue("empty file name");
        assertThat(FileNames.pathProblem("/abs/x", 32)).hasValue("empty file name");
        assertThat(FileNames.pathProblem("r/..", 32)).hasValue("file name holds '..' or is '.'");
        assertThat(FileNames.pathProblem("r/a\\b", 32)).hasValue("file name holds a path separator");
    }
}
