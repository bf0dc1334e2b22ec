package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.serve.RunningServe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kv user passwd} and {@code mail user passwd} on the data directory of a running server: the next login
 * takes the new password and refuses the old one.
 */
class PasswdEndToEndTest {
    @TempDir
    static Path dir;

    private static RunningServe serve;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        data = dir.resolve("data");
        // An account before the start: KV runs in accounts mode.
        CliRun add = CliRun.withInput("one\n", null, "kv", "user", "add", "alice", "--data-dir", data.toString());
        assertThat(add.code()).as(add.err()).isZero();
        serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0", "--mail-port", "0");
        CliRun mail = CliRun.withInput("one\n", null, "mail", "user", "add", "alice", "--data-dir", data.toString(),
                "--iterations", "1000");
        assertThat(mail.code()).as(mail.err()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            assertThat(serve.stop()).isZero();
        }
    }

    private static Path passwordFile(String pw) throws Exception {
        Path f = dir.resolve("pw-" + pw);
        Files.writeString(f, pw + "\n");
        return f;
    }

    private static CliRun kv(String pw, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("kv", "--data-dir", data.toString(), "-p",
                "" + serve.services().kv().port(), "--id", "alice", "--password-file", passwordFile(pw).toString()));
        args.addAll(List.of(command));
        return CliRun.run(args.toArray(String[]::new));
    }

    private static CliRun mail(String pw) throws Exception {
        return CliRun.run("mail", "--data-dir", data.toString(), "-p", "" + serve.services().mail().port(), "--user",
                "alice", "--password-file", passwordFile(pw).toString(), "count");
    }

    @Test
    void aChangedKvPasswordOpensTheSameSessionAndTheOldOneNoLonger() throws Exception {
        CliRun put = kv("one", "put", "k", "v");
        assertThat(put.code()).as(put.err()).isZero();
        CliRun passwd = CliRun.withInput("two\n", null, "kv", "user", "passwd", "alice", "--data-dir",
                data.toString());
        assertThat(passwd.code()).as(passwd.err()).isZero();
        // The server looks at the accounts file at most once a second.
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> kv("two", "get", "k").out().equals("v\n"));
        CliRun old = kv("one", "get", "k");
        assertThat(old.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(old.err()).startsWith("courier kv get: CONNECT: ERROR");
    }

    @Test
    void aChangedMailPasswordLogsInAndTheOldOneNoLonger() throws Exception {
        assertThat(mail("one").out()).isEqualTo("0\n");
        CliRun passwd = CliRun.withInput("two\n", null, "mail", "user", "passwd", "alice", "--data-dir",
                data.toString(), "--iterations", "1000");
        assertThat(passwd.code()).as(passwd.err()).isZero();
        CliRun now = mail("two");
        assertThat(now.code()).as(now.err()).isZero();
        assertThat(now.out()).isEqualTo("0\n");
        CliRun old = mail("one");
        assertThat(old.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(old.err()).startsWith("courier mail count: login refused for 'alice'");
    }
}
