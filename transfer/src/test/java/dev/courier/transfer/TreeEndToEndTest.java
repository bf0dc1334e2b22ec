package dev.courier.transfer;

import static dev.courier.transfer.TestBytes.concat;
import static dev.courier.transfer.TestBytes.firstFrame;
import static dev.courier.transfer.TestBytes.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.transfer.client.ResumingSender;
import dev.courier.transfer.client.TreeWalk;
import dev.courier.transfer.server.ExtensionSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Folder trees over real loopback sockets: a nested tree arrives identical under a free root of the inbox; hostile
 * paths in {@code FILE root/...} trailers are refused with their reason, a symbolic link planted on the receiving
 * side is not followed, and the depth and count limits hold.
 */
class TreeEndToEndTest {
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final TransferServerExtension server = TransferServerExtension.plain(c -> c.withExtensions(
            ExtensionSettings.defaults().withPartialDirectory(c.directory().resolveSibling("partial"))
                    .withTreeLimits(3, 4)));

    private final List<String> notes = new ArrayList<>();

    private static Map<String, String> contents(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String rel = dir.relativize(p).toString();
                m.put(rel, Files.isDirectory(p) ? "dir" : java.util.HexFormat.of().formatHex(sha256(
                        Files.readAllBytes(p))));
            }
        }
        return m;
    }

    @Test
    void aNestedTreeArrivesIdenticalUnderAFreeRootAndLinksAreSkipped() throws Exception {
        Path tree = server.outbox().resolve("photos");
        Files.createDirectories(tree.resolve("2024/summer"));
        Files.createDirectories(tree.resolve("empty-not-sent"));
        Files.write(tree.resolve("top.txt"), HELLO);
        Files.write(tree.resolve("2024/zero.bin"), new byte[0]);
        Files.write(tree.resolve("2024/summer/beach.jpg"), TestBytes.random(300_000, 3));
        Files.write(tree.resolve("2024/summer/été (1).txt"), TestBytes.random(5000, 4));
        Files.createSymbolicLink(tree.resolve("2024/link"), server.outbox());
        Files.createDirectories(server.inbox().resolve("photos"));

        TreeWalk walk = TreeWalk.walk(tree, notes::add);
        assertThat(notes).containsExactly("skipped 2024/link: a symbolic link (not followed)");
        assertThat(walk.files()).extracting(TreeWalk.Entry::path).containsExactly("2024/summer/beach.jpg",
                "2024/summer/été (1).txt", "2024/zero.bin", "top.txt");
        try (ResumingSender s = new ResumingSender(server.clientConfig(), ResumingSender.Retries.of(0),
                notes::add)) {
            ResumingSender.TreeResult r = s.sendTree(walk, TransferProgress.NONE);
            // "photos" was taken in the inbox: the tree got the next free name.
            assertThat(r).isEqualTo(new ResumingSender.TreeResult("photos (1)", 4, 305_006));
            // The same folder again on the same connection is a second copy, in a root of its own.
            assertThat(s.sendTree(TreeWalk.walk(tree, n -> { }), TransferProgress.NONE).placedRoot())
                    .isEqualTo("photos (2)");
        }
        assertThat(server.server().stats().trees.sum()).isEqualTo(2);
        Path placed = server.inbox().resolve("photos (1)");
        Map<String, String> sent = contents(tree);
        sent.remove("2024/link");
        sent.remove("empty-not-sent");
        assertThat(contents(placed)).isEqualTo(sent);
        assertThat(contents(server.inbox().resolve("photos (2)"))).isEqualTo(sent);
        assertThat(TestBytes.names(server.inbox())).containsExactly("photos", "photos (1)", "photos (2)");
    }

    @Test
    void aCutTreeContinuesInTheSameRoot() throws Exception {
        Path tree = server.outbox().resolve("t");
        Files.createDirectories(tree.resolve("a"));
        Files.write(tree.resolve("a/1.bin"), TestBytes.random(200_000, 1));
        Files.write(tree.resolve("a/2.bin"), TestBytes.random(200_000, 2));
        Files.write(tree.resolve("b.bin"), TestBytes.random(200_000, 3));
        try (CuttingProxy proxy = new CuttingProxy(server.port(), 300_000);
             ResumingSender s = new ResumingSender(dev.courier.transfer.client.TransferClientConfig.plain(
                     "localhost", proxy.port()), new ResumingSender.Retries(3, Duration.ofMillis(1),
                     Duration.ofMillis(5)), notes::add)) {
            assertThat(s.sendTree(TreeWalk.walk(tree, notes::add), TransferProgress.NONE).placedRoot())
                    .isEqualTo("t");
            assertThat(proxy.cutsMade()).isEqualTo(1);
        }
        assertThat(contents(server.inbox().resolve("t"))).isEqualTo(contents(tree));
        assertThat(TestBytes.names(server.inbox())).containsExactly("t");
        assertThat(notes).anyMatch(n -> n.startsWith("resumed t/a/2.bin at "));
    }

    /** TREE t, then one small file under {@code path}; the receiver's answer to its trailer. */
    private String answerTo(String path) throws Exception {
        try (RawPeer p = RawPeer.open(server)) {
            p.send(concat(new byte[] {(byte) 0xFF}, "TREE 4 6 t\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("OK t\r\n");
            p.send(firstFrame(HELLO.length, sha256(HELLO), HELLO));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("FILE " + path + "\r\n");
            return p.readLine();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "t/../x|ERR bad file name: file name holds '..' or is '.'",
        "/t/x|ERR bad file name: file name holds a path separator",
        "t//b|ERR bad file name: empty file name",
        "t/a\\b|ERR bad file name: file name holds a path separator",
        "t/a%01b|ERR bad file name: file name holds a control character",
        "t/a%2F..%2Fb|ERR bad file name: file name holds '..' or is '.'",
        "other/x|ERR bad file name: file name holds a path separator",
        "t/1/2/3/x|ERR bad file name: path deeper than 3 folders",
        "t/.courier-00.part|ERR bad file name: file name is in the receiver's temporary-file pattern (.courier-*.part)"})
    void hostilePathsAreRefusedWithTheirReason(String path, String answer) throws Exception {
        assertThat(answerTo(path)).isEqualTo(answer + "\r\n");
        // Nothing landed, in the tree's root or anywhere else.
        assertThat(TestBytes.names(server.inbox().resolve("t"))).isEmpty();
        assertThat(TestBytes.names(server.inbox())).containsExactly("t");
    }

    @Test
    void aPathInAFolderIsAllowedOnlyAfterATreeOnTheConnection() throws Exception {
        try (RawPeer p = RawPeer.open(server)) {
            p.send(firstFrame(HELLO.length, sha256(HELLO), HELLO));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("FILE t/x\r\n");
            assertThat(p.readLine()).isEqualTo("ERR bad file name: file name holds a path separator\r\n");
        }
        assertThat(answerTo("t/a/b/ok.txt")).isEqualTo("ACK\r\n");
        assertThat(Files.readAllBytes(server.inbox().resolve("t/a/b/ok.txt"))).isEqualTo(HELLO);
    }

    @Test
    void aSymlinkPlantedOnTheReceivingSideIsNotFollowed() throws Exception {
        Path elsewhere = Files.createTempDirectory("courier-elsewhere");
        try (RawPeer p = RawPeer.open(server)) {
            p.send(concat(new byte[] {(byte) 0xFF}, "TREE 1 6 t\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("OK t\r\n");
            // Someone on the receiving machine plants inbox/t/sub -> elsewhere while the tree arrives.
            Files.createSymbolicLink(server.inbox().resolve("t/sub"), elsewhere);
            p.send(firstFrame(HELLO.length, sha256(HELLO), HELLO));
            assertThat(p.readLine()).isEqualTo("ACK\r\n");
            p.send("FILE t/sub/x.txt\r\n");
            assertThat(p.readLine()).isEqualTo("ERR cannot store a file under that name: 'sub' is not a folder\r\n");
        } finally {
            assertThat(TestBytes.names(elsewhere)).isEmpty();
            Files.delete(elsewhere);
        }
        assertThat(TestBytes.names(server.inbox())).containsExactly("t");
    }

    @Test
    void oneConnectionPlacesAtMost64Trees() throws Exception {
        try (RawPeer p = RawPeer.open(server)) {
            for (int i = 0; i < 64; i++) {
                p.send(concat(new byte[] {(byte) 0xFF}, ("TREE 1 0 r" + i + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                assertThat(p.readLine()).isEqualTo("OK r" + i + "\r\n");
            }
            p.send(concat(new byte[] {(byte) 0xFF}, "TREE 1 0 r64\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("ERR too many trees on one connection: the limit is 64\r\n");
        }
        assertThat(TestBytes.names(server.inbox())).hasSize(64).doesNotContain("r64");
    }

    @Test
    void theFileCountOfATreeIsLimitedWhenAnnouncedAndWhenSent() throws Exception {
        try (RawPeer p = RawPeer.open(server)) {
            p.send(concat(new byte[] {(byte) 0xFF}, "TREE 5 0 t\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("ERR too many files: 5 in one tree, the limit is 4\r\n");
        }
        try (RawPeer p = RawPeer.open(server)) {
            p.send(concat(new byte[] {(byte) 0xFF}, "TREE 1 12 t\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("OK t\r\n");
            for (String name : new String[] {"t/1", "t/2"}) {
                p.send(firstFrame(HELLO.length, sha256(HELLO), HELLO));
                assertThat(p.readLine()).isEqualTo("ACK\r\n");
                p.send("FILE " + name + "\r\n");
                assertThat(p.readLine()).isEqualTo(name.equals("t/1") ? "ACK\r\n"
                        : "ERR more files than the TREE announced (1)\r\n");
            }
        }
        assertThat(TestBytes.names(server.inbox().resolve("t"))).containsExactly("1");
    }

    /** TREE 2 12 t again on a new connection, then the files named, each answered ACK. */
    private void sendTree(String... names) throws Exception {
        try (RawPeer p = RawPeer.open(server)) {
            p.send(concat(new byte[] {(byte) 0xFF}, "TREE 2 12 t\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(p.readLine()).isEqualTo("OK t\r\n");
            for (String name : names) {
                p.send(firstFrame(HELLO.length, sha256(HELLO), HELLO));
                assertThat(p.readLine()).isEqualTo("ACK\r\n");
                p.send("FILE t/" + name + "\r\n");
                assertThat(p.readLine()).isEqualTo("ACK\r\n");
            }
        }
    }

    @Test
    void aFileSentAgainAfterACutIsNotASecondCopyAndTheTreeGoesOnInItsRoot() throws Exception {
        sendTree("a");
        // The sender did not see the ACK of t/a (the cut came first): it announces the tree again, gets the same
        // root, and sends t/a again, then t/b.
        sendTree("a", "b");
        assertThat(TestBytes.names(server.inbox())).containsExactly("t");
        assertThat(TestBytes.names(server.inbox().resolve("t"))).containsExactly("a", "b");
    }
}
