package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded {@code courier.jar} as separate processes, as an operator would. */
class CourierJarIT {
    private static final Path JAR = Path.of(System.getProperty("courier.jar", "target/courier.jar"));
    private static final Pattern LISTENING = Pattern.compile("(kv|kv-rsa|transfer) listening on .*:(\\d+)");

    @TempDir
    Path dir;

    private static ProcessBuilder java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    /** Runs to the end; returns exit status and standard output. */
    private static String[] run(String... args) throws Exception {
        Process p = java(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void servesTheCliClientAndStopsWithStatus0OnSigterm() throws Exception {
        Path data = dir.resolve("data");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "secret\n");
        Process serve = java("serve", "--data-dir", data.toString(), "--kv-port", "0", "--kv-rsa-port", "0",
                "--transfer-port", "0", "--mail-port", "off").redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        Map<String, CompletableFuture<Integer>> ports = Map.of("kv", new CompletableFuture<>(),
                "kv-rsa", new CompletableFuture<>(), "transfer", new CompletableFuture<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        ports.get(m.group(1)).complete(Integer.parseInt(m.group(2)));
                    }
                }
            } catch (IOException e) {
                ports.values().forEach(f -> f.completeExceptionally(e));
            }
            ports.values().forEach(f -> f.completeExceptionally(new IllegalStateException("serve ended:\n" + log)));
        });
        reader.start();
        try {
            String p = Integer.toString(ports.get("kv").get(60, TimeUnit.SECONDS));
            String[] conn = {"kv", "--data-dir", data.toString(), "-p", p, "--id", "it", "--password-file",
                pw.toString()};
            assertThat(run(concat(conn, "put", "a", "b c"))[0]).isEqualTo("0");
            String[] get = run(concat(conn, "get", "a"));
            assertThat(get[0]).as(log.toString()).isEqualTo("0");
            assertThat(get[1]).isEqualTo("b c\n");
            assertThat(run(concat(conn, "get", "missing"))[0]).isEqualTo("1");
            String rsa = Integer.toString(ports.get("kv-rsa").get(60, TimeUnit.SECONDS));
            assertThat(run("kv", "--rsa", "-p", rsa, "--id", "old", "put", "a", "b")[0]).as(log.toString())
                    .isEqualTo("0");
            Path file = Files.writeString(dir.resolve("note.txt"), "hello");
            String transfer = Integer.toString(ports.get("transfer").get(60, TimeUnit.SECONDS));
            String[] sent = run("send", "localhost:" + transfer, file.toString());
            assertThat(sent[0]).as(log.toString()).isEqualTo("0");
            assertThat(sent[1]).contains("5 bytes sha256 2cf24dba");
            assertThat(data.resolve("inbox/note.txt")).hasContent("hello");
        } finally {
            // SIGTERM through the handle: Process.destroy() would also close our end of its output at once.
            serve.toHandle().destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(30_000);
            assertThat(reader.isAlive()).isFalse();
        }
        assertThat(serve.exitValue()).as(log.toString()).isZero();
        assertThat(log.toString()).contains("SIGTERM received", "stopped", "clients: --cacert",
                "transfer: received FILE 5 bytes");
    }

    @Test
    void everyCommandOfTheShadedJarHasHelp() throws Exception {
        for (String command : new String[] {"serve", "kv", "mail", "send", "receive", "bench", "bench-mail"}) {
            String[] r = run(command, "--help");
            assertThat(r[0]).as(command).isEqualTo("0");
            assertThat(r[1]).as(command).startsWith("Usage: courier " + command);
        }
    }

    /** Runs to the end with {@code stdin}; returns exit status and standard output. */
    private static String[] runWithInput(String stdin, String... args) throws Exception {
        Process p = java(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {Integer.toString(p.exitValue()), out};
    }

    @Test
    void servesMailWhileAnotherProcessAddsAccounts() throws Exception {
        Path data = dir.resolve("data");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "secret\n");
        Process serve = java("serve", "--data-dir", data.toString(), "--kv-port", "off", "--mail-port", "0",
                "--transfer-port", "off")
                .redirectErrorStream(true).start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Pattern listening = Pattern.compile("mail listening on .*:(\\d+)");
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    log.append(line).append('\n');
                    Matcher m = listening.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("serve ended:\n" + log));
        });
        reader.start();
        try {
            String p = Integer.toString(port.get(60, TimeUnit.SECONDS));
            String[] add = runWithInput("secret\n", "mail", "user", "add", "it", "--data-dir", data.toString(),
                    "--iterations", "1000");
            assertThat(add[0]).as(log.toString()).isEqualTo("0");
            String[] conn = {"mail", "--data-dir", data.toString(), "-p", p, "--user", "it", "--password-file",
                pw.toString()};
            String[] send = runWithInput("hello\nworld\n", concat(conn, "send", "--to", "it", "--subject", "hi",
                    "--body-file", "-"));
            assertThat(send[0]).as(log.toString()).isEqualTo("0");
            String[] dump = run(concat(conn, "dump"));
            assertThat(dump[0]).isEqualTo("0");
            assertThat(dump[1]).contains("From:    it\n", "Subject: hi\n    hello\n    world\n");
        } finally {
            serve.toHandle().destroy();
            assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(30_000);
        }
        assertThat(serve.exitValue()).as(log.toString()).isZero();
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
