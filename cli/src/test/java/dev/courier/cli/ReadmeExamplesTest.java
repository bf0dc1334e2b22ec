package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.Readme.Block;
import dev.courier.cli.Readme.Command;
import dev.courier.cli.serve.RunningServe;
import dev.courier.kv.rsa.KvRsaListener;
import dev.courier.kv.server.KvServerConfig;
import dev.courier.mail.server.MailServerConfig;
import dev.courier.transfer.protocol.TransferProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's examples honest: its shell examples for the kv, mail and send clients run, in the README's
 * order, against {@code courier serve} in-process on free ports (the port, the data directory and
 * {@code --password-env} are substituted), and what a comment promises ({@code # prints: X}, {@code exit status N},
 * a quoted message) is what the command does. The shell transcripts' prompts are the ones the commands use.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadmeExamplesTest {
    /** The password every example account and session uses (the README's {@code s3cret}). */
    private static final String PASSWORD = "s3cret";
    /** The README's {@code $VAR}s: the ones it exports, and {@code $PW}, which the reader is to set. */
    private static final Map<String, String> ENV = Map.of("PW", PASSWORD, "KV_PASSWORD", PASSWORD,
            "MAIL_PW", PASSWORD);
    private static final Pattern SENT = Pattern.compile("sent (file \\S+|text|json): \\d+ bytes sha256 [0-9a-f]{64}"
            + "|sent tree \\S+ as '[^']+': \\d+ files, \\d+ bytes");

    @TempDir
    static Path dir;

    private static Readme readme;
    private static RunningServe serve;
    private static Path data;
    /** Where the KV accounts example writes: a data directory of its own, so the server stays in open mode. */
    private static Path kvAccounts;

    @BeforeAll
    static void start() throws Exception {
        readme = Readme.load();
        data = dir.resolve("data");
        kvAccounts = dir.resolve("kv-accounts");
        serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0", "--mail-port", "0",
                "--transfer-port", "0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (serve != null) {
            assertThat(serve.stop()).isZero();
        }
    }

    @Test
    @Order(1)
    void theSetUpParagraphNamesEveryServiceAndItsPort() throws IOException {
        String text = Files.readString(Files.exists(Path.of("..", "README.md")) ? Path.of("..", "README.md")
                : Path.of("README.md"));
        assertThat(text).contains("KV on " + KvServerConfig.DEFAULT_PORT + ", mail on " + MailServerConfig.DEFAULT_PORT
                + ", transfer on " + TransferProtocol.DEFAULT_PORT);
    }

    @Test
    @Order(2)
    void theKvTourRunsAsShown() throws IOException {
        assertThat(runAll(readme.block("./courier kv put greeting"))).isEqualTo(5);
        assertThat(runAll(readme.block("--password-env KV_PASSWORD put counter"))).isEqualTo(2);
    }

    @Test
    @Order(3)
    void theKvShellTranscriptIsWhatTheShellSaysAndAsks() {
        List<String> lines = readme.block("$ ./courier kv").lines();
        assertThat(lines.get(0)).isEqualTo("$ ./courier kv");
        String target = lines.get(1).replaceFirst("^Password for (.*):$", "$1");
        String id = target.substring(0, target.indexOf('@'));
        assertThat(target).isEqualTo(id + "@127.0.0.1:" + KvServerConfig.DEFAULT_PORT);
        String prompt = target + "> ";
        List<String> commands = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        for (String l : lines.subList(2, lines.size())) {
            if (l.startsWith(prompt)) {
                commands.add(l.substring(prompt.length()));
            } else if (!l.startsWith("connected as " + target + ";")) {
                // The greeting is printed on a terminal only; piped into, the shell says nothing but results.
                printed.add(l);
            }
        }
        int port = serve.services().kv().port();
        List<String> asked = new ArrayList<>();
        CliRun r = CliRun.withInput(String.join("\n", commands) + "\n", text -> {
            asked.add(text);
            return PASSWORD.toCharArray();
        }, "kv", "--data-dir", data.toString(), "-p", "" + port, "--id", id);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(asked).containsExactly("Password for " + id + "@127.0.0.1:" + port + ": ");
        assertThat(r.out()).isEqualTo(String.join("\n", printed) + "\n");
    }

    @Test
    @Order(4)
    void theKvAccountsExampleRunsAsShown() throws IOException {
        assertThat(runAll(readme.block("./courier kv user add alice"))).isEqualTo(3);
    }

    @Test
    @Order(5)
    void theSendExamplesRunAndPrintALinePerMessage() throws IOException {
        Block b = readme.block("./courier send localhost:" + TransferProtocol.DEFAULT_PORT + " report.pdf");
        for (Command c : Readme.commands(b)) {
            CliRun r = run(c);
            assertThat(r).as(String.join(" ", c.words())).isNotNull();
            check(c, r);
            assertThat(r.out().lines().toList()).as(r.out()).isNotEmpty().allMatch(l -> SENT.matcher(l).matches());
        }
    }

    @Test
    @Order(6)
    void theStandaloneReceiversTakePortsServeDoesNotHold() {
        Set<Integer> serveHolds = Set.of(KvServerConfig.DEFAULT_PORT, KvRsaListener.DEFAULT_PORT,
                MailServerConfig.DEFAULT_PORT, TransferProtocol.DEFAULT_PORT);
        Integer tlsReceiver = null;
        for (Command c : Readme.commands(readme.block("./courier receive --port"))) {
            List<String> w = c.words();
            if (w.get(1).equals("receive")) {
                int port = Integer.parseInt(w.get(w.indexOf("--port") + 1));
                assertThat(serveHolds).as(String.join(" ", w)).doesNotContain(port);
                if (w.contains("--tls")) {
                    tlsReceiver = port;
                }
            } else {
                // The sender beside them speaks to the TLS receiver.
                assertThat(w).contains("--tls", "localhost:" + tlsReceiver);
            }
        }
        assertThat(tlsReceiver).isNotNull();
    }

    @Test
    @Order(7)
    void theMailExamplesRunAsShown() throws IOException {
        assertThat(runAll(readme.block("./courier mail user add alice"))).isEqualTo(5);
        // The accounts example ends by deleting bob; the one-shot example needs him and ci.
        for (String user : List.of("bob", "ci")) {
            CliRun add = CliRun.withInput(PASSWORD + "\n", null, "mail", "user", "add", user, "--data-dir",
                    data.toString(), "--iterations", "1000");
            assertThat(add.code()).as(add.err()).isZero();
        }
        assertThat(runAll(readme.block("--password-env MAIL_PW send --to bob"))).isEqualTo(6);
    }

    @Test
    @Order(8)
    void theMailShellTranscriptAsksAsTheMailCommandAsks() {
        List<String> lines = readme.block("$ ./courier mail --user alice").lines();
        String target = "alice@127.0.0.1:" + MailServerConfig.DEFAULT_PORT;
        assertThat(lines.get(1)).isEqualTo("Password for " + target + ":");
        assertThat(lines.stream().filter(l -> l.contains("> ")))
                .isNotEmpty().allMatch(l -> l.startsWith("mail " + target + "> "));
        int port = serve.services().mail().port();
        List<String> asked = new ArrayList<>();
        CliRun r = CliRun.withInput("", text -> {
            asked.add(text);
            return PASSWORD.toCharArray();
        }, "mail", "--data-dir", data.toString(), "-p", "" + port, "--user", "alice", "count");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(asked).containsExactly("Password for alice@127.0.0.1:" + port + ": ");
    }

    /** Runs every command of {@code b} that can run here, checks each, and returns how many ran. */
    private int runAll(Block b) throws IOException {
        int ran = 0;
        for (Command c : Readme.commands(b)) {
            CliRun r = run(c);
            if (r != null) {
                check(c, r);
                ran++;
            }
        }
        return ran;
    }

    private static void check(Command c, CliRun r) {
        String what = String.join(" ", c.words()) + " # " + c.comment() + "\nstdout: " + r.out() + "\nstderr: "
                + r.err();
        assertThat(r.code()).as(what).isEqualTo(c.status());
        if (c.prints() != null) {
            assertThat(r.out()).as(what).isEqualTo(c.prints() + "\n");
        }
        if (c.quoted() != null) {
            assertThat(r.err()).as(what).contains(c.quoted());
        }
    }

    /**
     * Runs one README command against the test's server, or returns null for one that cannot run here: another
     * command than kv, mail and send, the RSA edition, or input piped from a program other than echo or printf.
     */
    private CliRun run(Command c) throws IOException {
        List<String> w = new ArrayList<>(c.words());
        if (w.isEmpty() || !w.get(0).equals("./courier")) {
            return null;
        }
        w.remove(0);
        int env = w.indexOf("--password-env");
        if (env >= 0) {
            Path file = dir.resolve("password-" + w.get(env + 1));
            Files.writeString(file, ENV.get(w.get(env + 1)) + "\n");
            w.set(env, "--password-file");
            w.set(env + 1, file.toString());
        }
        boolean admin = w.size() > 1 && w.get(1).equals("user");
        switch (w.get(0)) {
            case "kv" -> {
                if (w.contains("--rsa")) {
                    return null;
                }
                if (admin) {
                    w.addAll(List.of("--data-dir", kvAccounts.toString()));
                } else {
                    w.addAll(1, List.of("--data-dir", data.toString(), "-p", "" + serve.services().kv().port()));
                }
            }
            case "mail" -> {
                if (admin) {
                    w.addAll(List.of("--data-dir", data.toString()));
                    if (w.get(2).equals("add") || w.get(2).equals("passwd")) {
                        // Cheap hashes: the cost is not what this test is about.
                        w.addAll(List.of("--iterations", "1000"));
                    }
                } else {
                    w.addAll(1, List.of("--data-dir", data.toString(), "-p", "" + serve.services().mail().port()));
                }
            }
            case "send" -> substituteSend(w);
            default -> {
                return null;
            }
        }
        String stdin = "";
        if (c.pipedFrom() != null) {
            stdin = piped(c.pipedFrom());
            if (stdin == null) {
                return null;
            }
        }
        // A terminal answers password questions; piped into, a command reads standard input instead.
        Io.PasswordPrompt prompt = c.pipedFrom() == null ? text -> PASSWORD.toCharArray() : null;
        return CliRun.withInput(stdin, prompt, w.toArray(String[]::new));
    }

    /**
     * The receiver's port for serve's, and files (or a folder, for a name ending in {@code /}) of the example's
     * names in a scratch directory.
     */
    private static void substituteSend(List<String> w) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.equals("localhost:" + TransferProtocol.DEFAULT_PORT)) {
                w.set(i, "localhost:" + serve.services().transfer().port());
            } else if (a.matches("[\\w-]+/")) {
                // A folder: two files, one of them a level down.
                Path d = Files.createDirectories(work.resolve(a).resolve("2024"));
                Files.writeString(d.resolveSibling("a.txt"), "content of a.txt");
                Files.writeString(d.resolve("b.txt"), "content of b.txt");
                w.set(i, d.getParent().toString());
            } else if (a.matches("[\\w-]+\\.(pdf|tar|txt|json)")) {
                Path f = work.resolve(a);
                Files.writeString(f, a.endsWith(".json") ? "{\"build\": 42, \"green\": true}" : "content of " + a);
                w.set(i, f.toString());
            }
        }
    }

    /** What {@code echo} or {@code printf} on the left of a pipe writes, or null for another program. */
    private static String piped(String from) {
        List<String> w = Readme.words(from);
        if (w.get(0).equals("echo")) {
            StringBuilder sb = new StringBuilder();
            for (String s : w.subList(1, w.size())) {
                Matcher m = Pattern.compile("^\\$(\\w+)$").matcher(s);
                sb.append(sb.isEmpty() ? "" : " ").append(m.matches() ? ENV.get(m.group(1)) : s);
            }
            return sb + "\n";
        }
        if (w.get(0).equals("printf") && w.size() == 2) {
            return w.get(1).replace("\\n", "\n");
        }
        return null;
    }
}
