package dev.courier.cli.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Background;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.transfer.server.TransferServer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code courier send} against {@code courier receive}, both in-process over loopback. */
class SendReceiveTest {
    @TempDir
    Path dir;

    private Background receive;
    private TransferServer server;

    @AfterEach
    void stop() throws Exception {
        if (receive != null) {
            receive.close();
        }
    }

    private void receive(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("receive", "--port", "0", "--dir", dir.resolve("in").toString()));
        args.addAll(Arrays.asList(flags));
        receive = Background.start(ReceiveCommand.class, ReceiveCommand::stop, args.toArray(new String[0]));
        server = receive.command(ReceiveCommand.class).started().get(30, TimeUnit.SECONDS);
    }

    private String target() {
        return "127.0.0.1:" + server.port();
    }

    private CliRun send(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("send", target()));
        all.addAll(Arrays.asList(args));
        return CliRun.withInput(stdin, null, all.toArray(new String[0]));
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Waits until the receiver printed {@code n} messages on standard error. */
    private void awaitReceived(int n) {
        Awaitility.await().until(() -> receive.err().split("received ", -1).length - 1 >= n);
    }

    @Test
    void aTextIsPrintedAsItIs() throws Exception {
        receive();
        CliRun r = send("", "--text", "hello, world");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sent text: 12 bytes sha256 "
                + sha256("hello, world".getBytes(StandardCharsets.UTF_8)) + "\n");
        awaitReceived(1);
        assertThat(receive.out()).isEqualTo("hello, world\n");
        assertThat(receive.err()).contains("received TEXT 12 bytes sha256 "
                + sha256("hello, world".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFolderArrivesAsATreeAndItsLinksAreSkippedWithANote() throws Exception {
        receive("--data-dir", dir.resolve("data").toString());
        Path photos = Files.createDirectories(dir.resolve("out/photos"));
        byte[] big = new byte[100_000];
        new java.util.Random(3).nextBytes(big);
        Files.write(Files.createDirectories(photos.resolve("2024")).resolve("b.jpg"), big);
        Files.writeString(photos.resolve("a.txt"), "a");
        Files.createSymbolicLink(photos.resolve("link"), dir);
        CliRun r = send("", photos.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("sent tree " + photos + " as 'photos': 2 files, 100001 bytes\n");
        assertThat(r.err()).isEqualTo("skipped link: a symbolic link (not followed)\n");
        awaitReceived(2);
        assertThat(Files.readAllBytes(dir.resolve("in/photos/2024/b.jpg"))).isEqualTo(big);
        assertThat(Files.readString(dir.resolve("in/photos/a.txt"))).isEqualTo("a");
        // The 100 000-byte file went with RESUME: kept as a partial while it arrived, gone once delivered.
        assertThat(dir.resolve("data/transfer-partial")).isEmptyDirectory();
    }

    @Test
    void jsonFromStandardInputIsPrettyPrinted() throws Exception {
        receive();
        CliRun r = send("{\"a\":[1,2],\"b\":\"c\"}", "--json", "-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("sent json: 19 bytes sha256 ");
        awaitReceived(1);
        assertThat(receive.out()).isEqualTo("{\n  \"a\" : [ 1, 2 ],\n  \"b\" : \"c\"\n}\n");
    }

    @Test
    void aSendersControlCharactersAreEscapedNotPlayedOnTheTerminal() throws Exception {
        receive();
        String hostile = "red \u001b[31mALERT\u001b[0m\rover\u009b2J\u202eevil\ttab\nnext line";
        CliRun r = send("", "--text", hostile);
        assertThat(r.code()).as(r.err()).isZero();
        awaitReceived(1);
        assertThat(receive.out()).isEqualTo(
                "red \\x1B[31mALERT\\x1B[0m\\x0Dover\\x9B2J\\u{202E}evil\ttab\nnext line\n");
        assertThat(receive.out()).doesNotContain("\u001b", "\r", "\u009b", "\u202e");
    }

    @Test
    void jsonStringsAndFileNamesAreEscapedToo() throws Exception {
        receive();
        CliRun j = send("{\"k\":\"\u009b31m\u202e\"}", "--json", "-");
        assertThat(j.code()).as(j.err()).isZero();
        awaitReceived(1);
        assertThat(receive.out()).contains("\\x9B31m\\u{202E}").doesNotContain("\u009b", "\u202e");
        Path file = Files.writeString(dir.resolve("invoice\u202Efdp.exe"), "x");
        CliRun f = send("", file.toString());
        assertThat(f.code()).as(f.err()).isZero();
        awaitReceived(2);
        assertThat(receive.err()).contains("'invoice\\u{202E}fdp.exe'").doesNotContain("\u202e");
        assertThat(receive.out()).contains("invoice\\u{202E}fdp.exe").doesNotContain("\u202e");
    }

    @Test
    void severalFilesGoOverOneConnectionAndLandWhole() throws Exception {
        receive();
        byte[] big = new byte[300_000];
        new java.util.Random(7).nextBytes(big);
        Path a = Files.write(dir.resolve("a.bin"), big);
        Path b = Files.writeString(dir.resolve("b.txt"), "bee");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        CliRun r = send("", a.toString(), b.toString(), empty.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().split("\n")).containsExactly(
                "sent file " + a + ": 300000 bytes sha256 " + sha256(big),
                "sent file " + b + ": 3 bytes sha256 " + sha256("bee".getBytes(StandardCharsets.UTF_8)),
                "sent file " + empty + ": 0 bytes sha256 " + sha256(new byte[0]));
        awaitReceived(3);
        Path in = dir.resolve("in");
        assertThat(Files.readAllBytes(in.resolve("a.bin"))).isEqualTo(big);
        assertThat(in.resolve("b.txt")).hasContent("bee");
        assertThat(in.resolve("empty")).isEmptyFile();
        assertThat(receive.out().split("\n")).containsExactly(in.resolve("a.bin").toString(),
                in.resolve("b.txt").toString(), in.resolve("empty").toString());
        assertThat(server.stats().connections.sum()).isEqualTo(1);
    }

    @Test
    void aNameTakenLandsBesideUnlessOverwriting() throws Exception {
        receive("--overwrite");
        Path f = Files.writeString(dir.resolve("x.txt"), "one");
        assertThat(send("", f.toString()).code()).isZero();
        Files.writeString(f, "two");
        assertThat(send("", f.toString()).code()).isZero();
        assertThat(dir.resolve("in/x.txt")).hasContent("two");
        assertThat(dir.resolve("in/x (1).txt")).doesNotExist();
    }

    @Test
    void countEndsTheReceiverWithStatus0() throws Exception {
        receive("--count", "2");
        assertThat(send("", "--text", "one", "--text", "two").code()).isZero();
        assertThat(receive.exitCode()).isZero();
        assertThat(receive.out()).isEqualTo("one\ntwo\n");
    }

    @Test
    void aMessageOverTheLimitIsRefusedWithStatus1AndItsReason() throws Exception {
        receive("--max-size", "100");
        Path f = Files.write(dir.resolve("big.bin"), new byte[101]);
        CliRun r = send("", "--text", "small", f.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.out()).startsWith("sent text: 5 bytes");
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("refused", "101");
        assertThat(dir.resolve("in/big.bin")).doesNotExist();
    }

    @Test
    void overTlsTheCertificateIsChecked() throws Exception {
        Path data = dir.resolve("data");
        receive("--tls", "--data-dir", data.toString());
        Path ca = data.resolve("tls/server.crt");
        CliRun ok = CliRun.run("send", "--tls", "--cacert", ca.toString(), "localhost:" + server.port(),
                "--text", "over tls");
        assertThat(ok.code()).as(ok.err()).isZero();
        CliRun untrusted = CliRun.run("send", "--tls", "--data-dir", dir.resolve("none").toString(),
                "localhost:" + server.port(), "--text", "over tls");
        assertThat(untrusted.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(untrusted.errLines()).hasSize(1);
        assertThat(untrusted.err()).contains("TLS failed");
        awaitReceived(1);
        assertThat(receive.out()).isEqualTo("over tls\n");
    }

    @Test
    void nobodyListeningIsStatus3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun r = CliRun.run("send", "127.0.0.1:" + port, "--text", "x");
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("cannot connect");
    }

    @Test
    void badUsageIsStatus2BeforeConnecting() throws Exception {
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{\"a\":");
        // A folder is sent as a tree, but not one holding a name the receiver would refuse.
        Path badTree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(badTree.resolve(".courier-1.part"), "x");
        String[][] cases = {
            {"send", "127.0.0.1:1"},
            {"send", "127.0.0.1:1", dir.resolve("missing").toString()},
            {"send", "127.0.0.1:1", badTree.toString()},
            {"send", "127.0.0.1:1", "--json", notJson.toString()},
            {"send", "127.0.0.1:1", "--json", "-", "--json", "-"},
            {"send", "127.0.0.1:99999", "--text", "x"},
            {"send", ":7404", "--text", "x"},
            {"send", "127.0.0.1:1", "--cacert", notJson.toString(), "--text", "x"},
            {"receive", "--port", "0"},
            {"receive", "--port", "0", "--dir", dir.toString(), "--count", "0"},
            {"receive", "--port", "0", "--dir", dir.toString(), "--tls-cert", "c.pem"},
            {"receive", "--port", "0", "--dir", dir.toString(), "--max-memory", "0"},
        };
        for (String[] args : cases) {
            CliRun r = CliRun.withInput("{}", null, args);
            assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.errLines()).as(r.err()).hasSize(1);
        }
    }

    @Test
    void whatTheReceiverWouldRefuseIsRefusedBeforeConnectingInOneLine() throws Exception {
        Path temp = Files.writeString(dir.resolve(".courier-0123.part"), "x");
        Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(1001) + "]".repeat(1001));
        CliRun name = CliRun.run("send", "127.0.0.1:1", temp.toString());
        assertThat(name.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(name.err()).isEqualTo("courier send: cannot send " + temp + ": file name is in the receiver's "
                + "temporary-file pattern (.courier-*.part)\n");
        CliRun json = CliRun.run("send", "127.0.0.1:1", "--json", deep.toString());
        assertThat(json.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(json.err()).isEqualTo("courier send: --json " + deep + ": not a JSON document: nested deeper than 1000 "
                + "(line 1, column 1002)\n");
    }

    @Test
    void aPortInUseIsStatus3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            CliRun r = CliRun.run("receive", "--port", Integer.toString(taken.getLocalPort()), "--dir",
                    dir.toString());
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.err()).contains("cannot receive on");
        }
    }
}
