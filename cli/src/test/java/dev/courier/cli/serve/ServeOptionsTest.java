package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Cli;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.core.config.Port;
import dev.courier.kv.KvLimits;
import dev.courier.kv.server.KvAuthMode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeOptionsTest {
    @TempDir
    Path dir;

    private static ServeCommand parse(String... args) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return (ServeCommand) Cli.commandLine(io).parseArgs(all).subcommand().commandSpec().userObject();
    }

    @Test
    void defaultsAreTheSpecs() {
        ServeCommand s = parse();
        assertThat(s.kvLimits()).isEqualTo(KvLimits.defaults());
        assertThat(s.kvPort).isEqualTo(Port.of(7401));
        assertThat(s.kvRsaPort).isEqualTo(Port.OFF);
        assertThat(s.mailPort).isEqualTo(Port.of(7403));
        assertThat(s.transferPort).isEqualTo(Port.of(7404));
        assertThat(s.bind).isEqualTo("127.0.0.1");
        assertThat(s.dataDir).isEqualTo(Path.of("./data"));
        assertThat(s.kvMode).isEqualTo(KvAuthMode.AUTO);
        assertThat(s.tlsCert).isNull();
    }

    @Test
    void flagsSetEveryLimit() {
        ServeCommand s = parse("--kv-max-message", "8KiB", "--kv-handshake-timeout", "250ms",
                "--kv-idle-timeout", "0", "--kv-max-connections", "7", "--kv-max-sessions", "8", "--kv-max-keys", "9",
                "--kv-max-session-bytes", "1MiB", "--kv-resume-window", "5m", "--kv-throttle-failures", "3",
                "--kv-throttle-lockout", "10m", "--kv-port", "0", "--kv-mode", "ACCOUNTS", "--mail-port", "off");
        KvLimits l = s.kvLimits();
        assertThat(l.maxMessageBytes()).isEqualTo(8192);
        assertThat(l.handshakeTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(l.idleTimeout()).isZero();
        assertThat(l.maxConnections()).isEqualTo(7);
        assertThat(l.maxSessions()).isEqualTo(8);
        assertThat(l.maxKeysPerSession()).isEqualTo(9);
        assertThat(l.maxBytesPerSession()).isEqualTo(1 << 20);
        assertThat(l.resumeWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(l.throttle().freeFailures()).isEqualTo(3);
        assertThat(l.throttle().baseLockout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(l.throttle().maxLockout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.kvPort).isEqualTo(Port.of(0));
        assertThat(s.kvMode).isEqualTo(KvAuthMode.ACCOUNTS);
        assertThat(s.mailPort).isEqualTo(Port.OFF);
    }

    @Test
    void theFileSetsWhatFlagsDoNotAndFlagsWin() throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "kv-max-message = 2048\nkv-idle-timeout=5m\nkv-port=0\nbind=::1\n");
        ServeCommand s = parse("--config", f.toString(), "--kv-max-message", "1024");
        assertThat(s.kvLimits().maxMessageBytes()).isEqualTo(1024);
        assertThat(s.kvLimits().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.kvPort).isEqualTo(Port.of(0));
        assertThat(s.bind).isEqualTo("::1");
        assertThat(s.settingsFile().fromFile("kv-idle-timeout")).isTrue();
        assertThat(s.settingsFile().fromFile("kv-max-message")).isFalse();
    }

    @Test
    void flagsGivenBeforeConfigStillWin() throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "kv-max-keys=5\n");
        ServeCommand s = parse("--kv-max-keys", "6", "--config", f.toString());
        assertThat(s.kvLimits().maxKeysPerSession()).isEqualTo(6);
    }

    private static void assertUsageError(CliRun r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).as("one line: " + r.err()).hasSize(1);
        assertThat(r.err()).contains(fragments);
    }

    @Test
    void badFlagValuesAreOneLineErrorsWithStatus2() {
        assertUsageError(CliRun.run("serve", "--kv-port", "70000"), "--kv-port", "0-65535");
        assertUsageError(CliRun.run("serve", "--kv-port", "seven"), "--kv-port");
        assertUsageError(CliRun.run("serve", "--kv-max-message", "lots"), "--kv-max-message", "not a size");
        assertUsageError(CliRun.run("serve", "--kv-idle-timeout", "-5s"), "--kv-idle-timeout", "not a duration");
        assertUsageError(CliRun.run("serve", "--kv-max-sessions", "many"), "--kv-max-sessions");
        assertUsageError(CliRun.run("serve", "--kv-mode", "sometimes"), "--kv-mode");
        assertUsageError(CliRun.run("serve", "--kv-max-connections", "0"), "bad KV limits");
        assertUsageError(CliRun.run("serve", "--kv-max-message", "8"), "bad KV limits");
        assertUsageError(CliRun.run("serve", "--kv-max-message", "4GiB"), "too large");
        assertUsageError(CliRun.run("serve", "--kv-throttle-failures", "0"), "--kv-throttle-failures");
    }

    @Test
    void badFileValuesNameTheFile() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "kv-max-message=huge\n");
        assertUsageError(CliRun.run("serve", "--config", f.toString()), "--kv-max-message", "not a size",
                "set in " + f);
        // The same value given as a flag overrides the bad one: nothing to complain about in the file then.
        Files.writeString(f, "kv-max-message=huge\nkv-port=off\nmail-port=off\n");
        assertUsageError(CliRun.run("serve", "--config", f.toString(), "--kv-max-message", "4096"),
                "nothing to serve");
    }

    @Test
    void unknownSettingsAndMissingFilesAreRefused() throws Exception {
        Path f = dir.resolve("typo.properties");
        Files.writeString(f, "kv-max-mesage=4096\n");
        assertUsageError(CliRun.run("serve", "--config", f.toString()), "unknown setting 'kv-max-mesage'");
        assertUsageError(CliRun.run("serve", "--config", dir.resolve("none.properties").toString()),
                "cannot read settings file", "no such file");
    }

    @Test
    void tlsCertAndKeyGoTogether() {
        assertUsageError(CliRun.run("serve", "--kv-port", "0", "--data-dir", dir.toString(), "--tls-cert",
                dir.resolve("x.crt").toString()), "--tls-cert and --tls-key");
        assertUsageError(CliRun.run("serve", "--kv-port", "0", "--data-dir", dir.toString(), "--tls-cert",
                dir.resolve("x.crt").toString(), "--tls-key", dir.resolve("x.key").toString()), "cannot load");
    }
}
