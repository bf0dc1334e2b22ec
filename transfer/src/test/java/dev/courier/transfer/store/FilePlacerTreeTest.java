package dev.courier.transfer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.courier.transfer.TestBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folder trees under the inbox: free roots, nested folders made on the way, and links planted there refused. */
class FilePlacerTreeTest {
    @TempDir
    Path root;

    private Path temp(Path dir, int content) throws Exception {
        return Files.write(TempFiles.create(dir), new byte[] {(byte) content});
    }

    @Test
    void aTakenRootGetsTheNextFreeNumber() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        Files.writeString(in.resolve("photos (1)"), "a file, not a folder");
        FilePlacer p = new FilePlacer(in, false);
        assertThat(p.placeRoot("photos")).isEqualTo("photos");
        assertThat(p.placeRoot("photos")).isEqualTo("photos (2)");
        assertThat(Files.isDirectory(in.resolve("photos (2)"))).isTrue();
        assertThatThrownBy(() -> p.placeRoot("..")).isInstanceOf(StoreRefusal.class)
                .hasMessage("bad file name: file name holds '..' or is '.'");
    }

    @Test
    void nestedFoldersAreMadeAndTheFileLandsThere() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        FilePlacer p = new FilePlacer(in, false);
        String r = p.placeRoot("t");
        Path placed = p.placeInTree(temp(in, 7), List.of(r, "a", "b", "c.txt"));
        assertThat(placed).isEqualTo(in.resolve("t/a/b/c.txt"));
        assertThat(Files.readAllBytes(placed)).containsExactly(7);
        assertThat(p.placeInTree(temp(in, 8), List.of(r, "a", "b", "c.txt"))).isEqualTo(in.resolve("t/a/b/c (1).txt"));
        // Only the placed files: no temporary file left in the inbox.
        assertThat(TestBytes.names(in)).containsExactly("t");
    }

    @Test
    void aSymlinkPlantedUnderTheRootIsNotFollowed() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        FilePlacer p = new FilePlacer(in, false);
        String r = p.placeRoot("t");
        Files.createSymbolicLink(in.resolve("t/sub"), elsewhere);
        Path tmp = temp(in, 1);
        assertThatThrownBy(() -> p.placeInTree(tmp, List.of(r, "sub", "x.txt"))).isInstanceOf(StoreRefusal.class)
                .hasMessage("cannot store a file under that name: 'sub' is not a folder");
        assertThat(TestBytes.names(elsewhere)).isEmpty();
    }

    @Test
    void aRootThatIsGoneOrALinkIsRefused() throws Exception {
        Path in = Files.createDirectories(root.resolve("in"));
        Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Files.createSymbolicLink(in.resolve("linked"), elsewhere);
        FilePlacer p = new FilePlacer(in, false);
        Path tmp = temp(in, 1);
        assertThatThrownBy(() -> p.placeInTree(tmp, List.of("linked", "x.txt"))).isInstanceOf(StoreRefusal.class)
                .hasMessage("cannot store a file under that name: 'linked' is not a folder");
        assertThatThrownBy(() -> p.placeInTree(tmp, List.of("gone", "x.txt"))).isInstanceOf(StoreRefusal.class)
                .hasMessage("cannot store a file under that name: its folder is gone");
        assertThat(TestBytes.names(elsewhere)).isEmpty();
    }
}
