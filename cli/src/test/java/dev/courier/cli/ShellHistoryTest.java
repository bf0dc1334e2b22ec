package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellHistoryTest {
    @TempDir
    Path dir;

    @Test
    void aNewHistoryFileIsMadeOwnerOnly() throws Exception {
        Path f = ShellHistory.file(dir, ".h");
        assertThat(f).isEqualTo(dir.resolve(".h")).exists();
        assertThat(Files.getPosixFilePermissions(f))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void anExistingFileIsKeptAsItIs() throws Exception {
        Path f = Files.writeString(dir.resolve(".h"), "put a b\n");
        assertThat(ShellHistory.file(dir, ".h")).isEqualTo(f);
        assertThat(Files.readString(f)).isEqualTo("put a b\n");
    }

    @Test
    void noFileWhereNoneCanBeMade() {
        assertThat(ShellHistory.file(dir.resolve("missing"), ".h")).isNull();
    }
}
