package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Cli;
import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.core.config.Port;
import dev.courier.core.net.Drain;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.server.KvAuthMode;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.server.ExtensionSettings;
import dev.courier.transfer.store.PartialStore;
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
        assertThat(s.rsa.kvRsaPort).isEqualTo(Port.OFF);
        assertThat(s.mailPort).isEqualTo(Port.of(7403));
        assertThat(s.transfer.transferPort).isEqualTo(Port.of(7404));
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
                "--kv-throttle-lockout", "10m", "--kv-port", "0", "--kv-mode", "ACCOUNTS", "--mail-port", "off",
                "--kv-max-connections-per-address", "5", "--kv-max-sessions-per-address", "6");
        KvLimits l = s.kvLimits();
        assertThat(l.maxConnectionsPerAddress()).isEqualTo(5);
        assertThat(l.maxSessionsPerAddress()).isEqualTo(6);
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
        Files.writeString(f, "kv-max-message=huge\nkv-port=off\nmail-port=off\ntransfer-port=off\n");
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
    void theKvDialectIsLfUnlessAFlagOrTheFileSaysRecord() throws Exception {
        assertThat(parse().kvDialect).isEqualTo(KvDialect.LF);
        assertThat(parse("--kv-dialect", "record").kvDialect).isEqualTo(KvDialect.RECORD);
        Path f = dir.resolve("dialect.properties");
        Files.writeString(f, "kv-dialect=record\n");
        assertThat(parse("--config", f.toString()).kvDialect).isEqualTo(KvDialect.RECORD);
        assertThat(parse("--config", f.toString(), "--kv-dialect", "lf").kvDialect).isEqualTo(KvDialect.LF);
        assertUsageError(CliRun.run("serve", "--kv-dialect", "lines"), "--kv-dialect");
    }

    @Test
    void resumeAndTreeLimitsComeFromFlagsAndTheFile() throws Exception {
        Path f = dir.resolve("ext.properties");
        Files.writeString(f, "transfer-resume-window=2h\ntransfer-max-partials=7\ntransfer-max-partials-per-sender=3\n"
                + "transfer-partial-sync=1MiB\ntransfer-max-depth=5\ntransfer-max-partial-bytes-per-sender=1GiB\n");
        ServeCommand s = parse("--config", f.toString(), "--transfer-max-tree-files", "9");
        ExtensionSettings e = s.transfer.extensions(Path.of("data"));
        assertThat(e.partialDirectory()).isEqualTo(Path.of("data", "transfer-partial"));
        assertThat(e.partials()).isEqualTo(new PartialStore.Settings(Duration.ofHours(2), 3, 7, 1 << 20,
                PartialStore.Settings.DEFAULT_SYNC_EVERY, 1L << 30));
        assertThat(e.maxTreeDepth()).isEqualTo(5);
        assertThat(e.maxTreeFiles()).isEqualTo(9);
        ExtensionSettings d = parse().transfer.extensions(Path.of("d"));
        assertThat(d.partials()).isEqualTo(PartialStore.Settings.defaults());
        assertThat(d.maxTreeDepth()).isEqualTo(ExtensionSettings.DEFAULT_MAX_TREE_DEPTH);
        assertThat(d.maxTreeFiles()).isEqualTo(ExtensionSettings.DEFAULT_MAX_TREE_FILES);
        assertUsageError(CliRun.run("serve", "--transfer-max-depth", "0"), "bad transfer limits");
        assertUsageError(CliRun.run("serve", "--transfer-max-partials", "0"), "bad transfer limits");
    }

    @Test
    void rsaAndTransferFlagsComeFromTheFileToo() throws Exception {
        Path f = dir.resolve("c.properties");
        Files.writeString(f, "kv-rsa-port=0\nrsa-bits=2048\ntransfer-port=9\ntransfer-dir=/in\ntransfer-tls=true\n"
                + "transfer-max-size=1KiB\ntransfer-idle-timeout=200ms\ntransfer-max-connections=3\n"
                + "transfer-max-nacks=0\ntransfer-max-chunk=4KiB\ntransfer-overwrite=true\n"
                + "transfer-header-timeout=3s\ntransfer-min-rate=1KiB\ntransfer-max-connections-per-address=5\n"
                + "transfer-max-text=64KiB\n");
        ServeCommand s = parse("--config", f.toString(), "--transfer-max-nacks", "2");
        assertThat(s.rsa.kvRsaPort).isEqualTo(Port.of(0));
        assertThat(s.rsa.rsaBits).isEqualTo(2048);
        assertThat(s.transfer.transferPort).isEqualTo(Port.of(9));
        assertThat(s.transfer.directory(Path.of("data"))).isEqualTo(Path.of("/in"));
        assertThat(s.transfer.transferTls).isTrue();
        assertThat(s.transfer.transferOverwrite).isTrue();
        TransferLimits l = s.transfer.limits();
        assertThat(l.maxSize()).isEqualTo(1024);
        assertThat(l.idleTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(l.maxConnections()).isEqualTo(3);
        assertThat(l.maxNacks()).isEqualTo(2);
        assertThat(l.maxChunkBytes()).isEqualTo(4096);
        assertThat(l.headerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(l.minBodyRate()).isEqualTo(1024);
        assertThat(l.maxConnectionsPerAddress()).isEqualTo(5);
        assertThat(l.maxTextBytes()).isEqualTo(64 * 1024);
    }

    @Test
    void transferDefaultsAreTheSpecs() {
        ServeCommand s = parse();
        assertThat(s.transfer.limits()).isEqualTo(TransferLimits.defaults());
        assertThat(s.transfer.transferTls).isFalse();
        assertThat(s.transfer.directory(Path.of("d"))).isEqualTo(Path.of("d", "inbox"));
        assertThat(s.rsa.rsaBits).isEqualTo(512);
        assertThat(s.rsa.maxPemBytes).isEqualTo(16 * 1024);
        assertThat(parse("--kv-rsa-max-pem", "4KiB").rsa.maxPemBytes).isEqualTo(4096);
        assertThat(parse("--transfer-tls").transfer.transferTls).isTrue();
    }

    @Test
    void badRsaAndTransferValuesAreStatus2BeforeAnythingStarts() {
        assertUsageError(CliRun.run("serve", "--rsa-bits", "768", "--kv-port", "0"), "--rsa-bits", "1024 to 4096");
        assertUsageError(CliRun.run("serve", "--rsa-bits", "8192", "--kv-port", "0"), "--rsa-bits");
        assertUsageError(CliRun.run("serve", "--kv-rsa-max-pem", "512", "--kv-port", "0"), "--kv-rsa-max-pem",
                "at least 1024");
        assertUsageError(CliRun.run("serve", "--kv-port", "off", "--kv-rsa-port", "0"), "--kv-rsa-port needs");
        assertUsageError(CliRun.run("serve", "--transfer-max-connections", "0"), "bad transfer limits");
        assertUsageError(CliRun.run("serve", "--transfer-max-chunk", "3GiB"), "--transfer-max-chunk");
        assertUsageError(CliRun.run("serve", "--transfer-max-text", "3GiB"), "--transfer-max-text");
        assertUsageError(CliRun.run("serve", "--transfer-max-connections-per-address", "0"), "bad transfer limits");
        assertUsageError(CliRun.run("serve", "--transfer-min-rate", "0"), "bad transfer limits");
        assertUsageError(CliRun.run("serve", "--transfer-header-timeout", "0s"), "bad transfer limits");
        assertUsageError(CliRun.run("serve", "--transfer-port", "http"), "--transfer-port");
        assertUsageError(CliRun.run("serve", "--kv-port", "off", "--transfer-port", "off",
                "--mail-port", "off"), "nothing to serve");
    }

    @Test
    void tlsCertAndKeyGoTogether() {
        assertUsageError(CliRun.run("serve", "--kv-port", "0", "--data-dir", dir.toString(), "--tls-cert",
                dir.resolve("x.crt").toString()), "--tls-cert and --tls-key");
        assertUsageError(CliRun.run("serve", "--kv-port", "0", "--data-dir", dir.toString(), "--tls-cert",
                dir.resolve("x.crt").toString(), "--tls-key", dir.resolve("x.key").toString()), "cannot load");
    }

    @Test
    void shutdownGraceIsThirtySecondsUnlessAFlagOrTheFileSaysOtherwise() throws Exception {
        assertThat(parse().shutdownGrace).isEqualTo(Drain.DEFAULT_GRACE).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("--shutdown-grace", "1s").shutdownGrace).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("--shutdown-grace", "0").shutdownGrace).isZero();
        Path f = dir.resolve("grace.properties");
        Files.writeString(f, "shutdown-grace=2m\n");
        assertThat(parse("--config", f.toString()).shutdownGrace).isEqualTo(Duration.ofMinutes(2));
        assertThat(parse("--config", f.toString(), "--shutdown-grace", "250ms").shutdownGrace)
                .isEqualTo(Duration.ofMillis(250));
        assertUsageError(CliRun.run("serve", "--shutdown-grace", "-1s"), "--shutdown-grace", "not a duration");
        assertThat(CliRun.run("serve", "--help").out()).contains("--shutdown-grace=DURATION");
    }
}
