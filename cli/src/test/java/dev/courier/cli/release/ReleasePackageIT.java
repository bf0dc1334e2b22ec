package dev.courier.cli.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.courier.cli.Cli;
import dev.courier.cli.Io;
import dev.courier.cli.serve.SettingsFile;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the release package that {@code mvn package} makes, unpacked into a temporary directory as an operator
 * would, starts and serves with its own launcher and settings file, and that file lists exactly the settings the
 * code knows.
 */
class ReleasePackageIT {
    private static final Pattern LISTENING = Pattern.compile("kv listening on .*:(\\d+)");

    @TempDir
    Path dir;

    private static Path tarball() throws Exception {
        Path jar = Path.of(System.getProperty("courier.jar", "target/courier.jar"));
        try (var files = Files.list(jar.toAbsolutePath().getParent())) {
            return files.filter(p -> p.getFileName().toString().matches("courier-.*\\.tar\\.gz")).findFirst()
                    .orElseThrow(() -> new AssertionError("no courier-VERSION.tar.gz next to " + jar));
        }
    }

    private static String run(Path cwd, Duration timeout, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        assertThat(p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as(String.join(" ", cmd)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + out).isZero();
        return out;
    }

    @Test
    void theUnpackedPackageServesWithItsOwnLauncherAndSettings() throws Exception {
        run(dir, Duration.ofSeconds(60), "tar", "xzf", tarball().toString());
        Path home;
        try (var entries = Files.list(dir)) {
            home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("courier-");
        assertThat(home.resolve("bin/courier")).isExecutable();
        assertThat(home.resolve("systemd/courier.service")).content()
                .contains("NoNewPrivileges=yes", "ProtectSystem=strict", "User=courier", "LimitNOFILE=");
        assertThat(home.resolve("man/man1/courier-serve.1")).exists();
        assertThat(home.resolve("completion/courier.bash")).exists();

        String conf = Files.readString(home.resolve("conf/courier.properties"));
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        var serve = Cli.commandLine(Io.of(System.in, none, none)).getSubcommands().get("serve").getCommandSpec();
        assertThat(ReleaseFilesTest.keys(conf).keySet()).containsExactlyElementsOf(SettingsFile.keys(serve).keySet());

        assertThat(run(dir, Duration.ofSeconds(30), home.resolve("bin/courier").toString(), "--version"))
                .contains(home.getFileName().toString().substring("courier-".length()));

        // The settings file as shipped, with the ports an operator would change set to free ones.
        Path settings = dir.resolve("courier.properties");
        Files.writeString(settings, conf + "\nkv-port=0\nkv-rsa-port=off\nmail-port=0\ntransfer-port=off\n");
        Process serving = new ProcessBuilder(home.resolve("bin/courier").toString(), "serve", "--config",
                settings.toString(), "--data-dir", dir.resolve("data").toString())
                .directory(dir.toFile()).redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        Thread reader = new Thread(() -> {
            try (var in = serving.inputReader(StandardCharsets.UTF_8)) {
                in.lines().forEach(l -> log.append(l).append('\n'));
            } catch (java.io.IOException e) {
                // The process ended.
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> log.indexOf("ready:") >= 0 || !serving.isAlive());
            assertThat(serving.isAlive()).as(log.toString()).isTrue();
            Matcher m = LISTENING.matcher(log);
            assertThat(m.find()).as(log.toString()).isTrue();
            String port = m.group(1);
            Path password = Files.writeString(dir.resolve("password"), "a password\n");
            String put = run(dir, Duration.ofSeconds(30), home.resolve("bin/courier").toString(), "kv", "--port",
                    port, "--data-dir", dir.resolve("data").toString(), "--id", "pkg", "--password-file",
                    password.toString(), "put", "k", "v");
            assertThat(put).doesNotContain("rror");
            String got = run(dir, Duration.ofSeconds(30), home.resolve("bin/courier").toString(), "kv", "--port",
                    port, "--data-dir", dir.resolve("data").toString(), "--id", "pkg", "--password-file",
                    password.toString(), "get", "k");
            assertThat(got.trim()).isEqualTo("v");
        } finally {
            serving.destroy();
            assertThat(serving.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(serving.exitValue()).as(log.toString()).isZero();
    }
}
