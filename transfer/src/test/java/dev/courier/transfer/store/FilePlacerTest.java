package dev.courier.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.TestBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePlacerTest {
    @TempDir
    Path root;

    private Path temp(Path dir, int content) throws Exception {
        return Files.write(TempFiles.create(dir), new byte[] {(byte) content});
    }

    @Test
    void takenNamesGetNumberedFormsAndTheTemporaryFileIsGone() throws Exception {
        Path dir = Files.createDirectories(root.resolve("in"));
        FilePlacer p = new FilePlacer(dir, false);
        assertThat(p.place(temp(dir, 1), "r.pdf")).isEqualTo(dir.resolve("r.pdf"));
        assertThat(p.place(temp(dir, 2), "r.pdf")).isEqualTo(dir.resolve("r (1).pdf"));
        assertThat(p.place(temp(dir, 3), "r.pdf")).isEqualTo(dir.resolve("r (2).pdf"));
        assertThat(TestBytes.names(dir)).containsExactly("r (1).pdf", "r (2).pdf", "r.pdf");
        assertThat(Files.readAllBytes(dir.resolve("r.pdf"))).containsExactly(1);
        assertThat(Files.readAllBytes(dir.resolve("r (2).pdf"))).containsExactly(3);
    }

    @Test
    void overwriteReplacesInPlace() throws Exception {
        Path dir = Files.createDirectories(root.resolve("in"));
        FilePlacer p = new FilePlacer(dir, true);
        p.place(temp(dir, 1), "a");
        p.place(temp(dir, 2), "a");
        assertThat(TestBytes.names(dir)).containsExactly("a");
        assertThat(Files.readAllBytes(dir.resolve("a"))).containsExactly(2);
    }

    @Test
    void aSymlinkOfTheNameIsNeitherFollowedNorReplaced() throws Exception {
        Path dir = Files.createDirectories(root.resolve("in"));
        Path outside = Files.write(root.resolve("outside"), new byte[] {9});
        Files.createSymbolicLink(dir.resolve("link"), outside);
        Path placed = new FilePlacer(dir, false).place(temp(dir, 1), "link");
        assertThat(placed).isEqualTo(dir.resolve("link (1)"));
        assertThat(Files.readAllBytes(outside)).containsExactly(9);
    }

    @Test
    void namesThatLeaveTheDirectoryAreRefused() throws Exception {
        Path dir = Files.createDirectories(root.resolve("in"));
        FilePlacer p = new FilePlacer(dir, true);
        for (String bad : new String[] {"../x", "..", "a/b", "/abs", "", "a\0"}) {
            Path tmp = temp(dir, 1);
            assertThatThrownBy(() -> p.place(tmp, bad)).isInstanceOf(StoreRefusal.class)
                    .hasMessageStartingWith("bad file name");
            Files.delete(tmp);
        }
        assertThat(TestBytes.names(root)).containsExactly("in");
        assertThat(TestBytes.names(dir)).isEmpty();
    }
}
