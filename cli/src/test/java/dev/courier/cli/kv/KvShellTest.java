package dev.courier.cli.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.kv.KvServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KvShellTest {
    @RegisterExtension
    final KvServerExtension kv = new KvServerExtension();

    @TempDir
    Path dir;

    private Path pw;

    @BeforeEach
    void passwordFile() throws Exception {
        pw = dir.resolve("pw");
        Files.writeString(pw, "pw\n");
    }

    private CliRun shell(int port, String input, String... command) {
        String[] base = {"kv", "-p", Integer.toString(port), "--id", "alice", "--cacert",
            KvServerExtension.caCert().toString(), "--password-file", pw.toString()};
        String[] args = new String[base.length + command.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(command, 0, args, base.length, command.length);
        return CliRun.withInput(input, null, args);
    }

    private CliRun shell(String input) {
        return shell(kv.port(), input);
    }

    @Test
    void runsPipedCommandsLineByLine() {
        CliRun r = shell("""
                put a 1
                put "b c" 'x y'
                get a
                GET "b c"

                delete a
                get a
                help
                quit
                get "b c"
                """);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("OK\nOK\n1\nx y\nOK\n").contains("put KEY VALUE", "quit, exit")
                .doesNotEndWith("x y\n");
        assertThat(r.err()).isEqualTo("error: no such key 'a'\n");
    }

    @Test
    void mistakesArePrintedAndTheShellGoesOn() {
        CliRun r = shell("""
                bogus
                put onlykey
                put a b c
                get "unclosed
                put caf\u00e9 1
                put a 2
                get a
                """);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("OK\n2\n");
        assertThat(r.err()).contains("unknown command 'bogus'", "usage: put KEY VALUE", "unclosed \" quote",
                "not sent: the key holds '\u00e9'");
    }

    @Test
    void aRequestTheServerWouldTakeAsAViolationIsRefusedAndTheSessionGoesOn() {
        CliRun r = shell("put kept 1\nput big " + "x".repeat(5000) + "\nget \u00e9\nget kept\nput big small\nget big\n");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("OK\n1\nOK\nsmall\n");
        assertThat(r.err()).contains("the value is 5000 bytes", "at most 4091", "'\u00e9' (U+00E9)")
                .doesNotContain("Exception");
        assertThat(kv.server().stats().violations.sum()).isZero();
    }

    @Test
    void quitAndEndOfInputKeepTheSessionForResume() {
        assertThat(shell("put k kept\nquit\n").code()).isZero();
        Awaitility.await().until(() -> kv.server().openConnections() == 0);
        assertThat(shell("get k\n").out()).isEqualTo("kept\n");
        Awaitility.await().until(() -> kv.server().openConnections() == 0);
        assertThat(shell("get k\nexit\n").out()).isEqualTo("kept\n");
    }

    @Test
    void disconnectEndsTheSessionAndTheShell() {
        CliRun r = shell("put k v\ndisconnect\nget k\n");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("OK\nsession ended\n");
        Awaitility.await().until(() -> kv.server().openConnections() == 0);
        CliRun after = shell("get k\n");
        assertThat(after.err()).contains("no such key 'k'");
    }

    @Test
    void aDroppedConnectionEndsTheShellWithStatus3() throws Exception {
        try (FakeKvServer fake = FakeKvServer.start(line -> line.startsWith("GET") ? null : "DELETE: OK\n")) {
            CliRun r = shell(fake.port(), "delete a\nget a\ndelete b\n");
            assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.out()).isEqualTo("OK\n");
            assertThat(r.err()).contains("closed the connection");
        }
    }

    @Test
    void stdinCannotCarryBothCommandsAndThePassword() {
        CliRun r = CliRun.withInput("get a\n", null, "kv", "-p", Integer.toString(kv.port()), "--cacert",
                KvServerExtension.caCert().toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("standard input carries the commands");
    }
}
