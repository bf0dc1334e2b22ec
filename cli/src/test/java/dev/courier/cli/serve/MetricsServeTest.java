package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.cli.Cli;
import dev.courier.cli.Io;
import dev.courier.cli.metrics.HealthChecks;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.core.config.Port;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.redis.RedisProcess;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.client.MailException;
import dev.courier.mail.store.MailStoreConfig;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --metrics-port}: a real scrape over HTTP counts exactly what real clients of each service did. */
class MetricsServeTest {
    private static final byte[] PW_HASH = Pbkdf2.kvHash("pw".toCharArray(), Pbkdf2.testSalt());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void metricsAreOffByDefaultOnLoopbackWhenAskedAndSetInTheSettingsFile() throws Exception {
        ServeCommand d = parse();
        assertThat(d.metrics.port).isEqualTo(Port.OFF);
        assertThat(d.metrics.enabled()).isFalse();
        assertThat(d.metrics.bind).isEqualTo("127.0.0.1");
        assertThat(d.metrics.minFreeDisk).isEqualTo(HealthChecks.DEFAULT_MIN_FREE_DISK);
        Path f = dir.resolve("c.properties");
        java.nio.file.Files.writeString(f, "metrics-port=9464\nmetrics-bind=0.0.0.0\nhealth-min-free-disk=1GiB\n");
        ServeCommand s = parse("--config", f.toString());
        assertThat(s.metrics.port).isEqualTo(Port.of(9464));
        assertThat(s.metrics.bind).isEqualTo("0.0.0.0");
        assertThat(s.metrics.minFreeDisk).isEqualTo(1L << 30);
    }

    @Test
    void aScrapeCountsExactlyWhatRealClientsOfEachServiceDid() throws Exception {
        Path data = dir.resolve("data");
        try (RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0",
                "--mail-port", "0", "--transfer-port", "0", "--transfer-dir", dir.resolve("inbox").toString(),
                "--metrics-port", "0")) {
            Services s = serve.services();
            int metricsPort = s.metrics().port();
            assertThat(metricsPort).isPositive();
            assertThat(s.metrics().address().getAddress().isLoopbackAddress()).isTrue();
            ClientTrust trust = ClientTrust.caFile(data.resolve("tls/server.crt"));

            try (KvClient c = KvClient.connect(KvClientConfig.of("127.0.0.1", s.kv().port(), trust, "alice",
                    PW_HASH))) {
                c.put("a", "1");
                c.put("b", "2");
                c.put("c", "3");
                assertThat(c.get("missing")).isEmpty();
                assertThat(c.get("a")).contains("1");
                c.delete("b");
                c.disconnect();
            }
            // Closed without DISCONNECT: the session stays, detached, for its resume window.
            try (KvClient c = KvClient.connect(KvClientConfig.of("127.0.0.1", s.kv().port(), trust, "bob",
                    PW_HASH))) {
                c.put("k", "v");
            }
            try (KvClient c = KvClient.connect(KvClientConfig.of("127.0.0.1", s.kv().port(), trust, "carol",
                    PW_HASH))) {
                c.put("k", "v");

                try (MailAccounts a = MailAccounts.open(MailStoreConfig.forDataDir(data), Passwords.MIN_ITERATIONS)) {
                    a.add("ann", "pw".toCharArray());
                }
                MailClientConfig mailTls = MailClientConfig.tls("localhost", s.mail().port(), trust);
                try (MailClient m = MailClient.connect(mailTls)) {
                    m.login("ann", "pw");
                    m.send("ann", "one", "body");
                    m.send("ann", "two", "body");
                    assertThat(m.count()).isEqualTo(2);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.deleteBySubject("three"))
                            .isInstanceOf(MailException.class).hasMessageContaining("no-such-subject");
                    m.logoff();
                }
                try (MailClient m = MailClient.connect(mailTls)) {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.login("ann", "wrong"))
                            .isInstanceOf(MailException.class);
                }
                try (TransferClient t = TransferClient.connect(TransferClientConfig.plain("127.0.0.1",
                        s.transfer().port()))) {
                    t.send("hello");
                    t.sendJson("{\"a\":1}");
                }

                Map<String, Double> m = scrape(metricsPort);
                // KV: 5 PUTs (alice 3, bob 1, carol 1), 1 GET each way, 1 DELETE, 3 CONNECTs, 1 DISCONNECT.
                assertThat(m).containsEntry(key("courier_kv_commands_total", "verb", "PUT", "result", "ok"), 5.0)
                        .containsEntry(key("courier_kv_commands_total", "verb", "PUT", "result", "error"), 0.0)
                        .containsEntry(key("courier_kv_commands_total", "verb", "GET", "result", "ok"), 1.0)
                        .containsEntry(key("courier_kv_commands_total", "verb", "GET", "result", "error"), 1.0)
                        .containsEntry(key("courier_kv_commands_total", "verb", "DELETE", "result", "ok"), 1.0)
                        .containsEntry(key("courier_kv_commands_total", "verb", "CONNECT", "result", "ok"), 3.0)
                        .containsEntry(key("courier_kv_commands_total", "verb", "DISCONNECT", "result", "ok"), 1.0)
                        .containsEntry(key("courier_kv_command_seconds_count", "verb", "PUT"), 5.0)
                        .containsEntry(key("courier_kv_command_seconds_count", "verb", "GET"), 2.0)
                        .containsEntry(key("courier_kv_command_seconds_bucket", "verb", "PUT", "le", "+Inf"), 5.0)
                        .containsEntry(key("courier_kv_sessions", "state", "bound"), 1.0)
                        .containsEntry(key("courier_kv_sessions", "state", "detached"), 1.0)
                        .containsEntry(key("courier_kv_violations_total", "reason", "unknown_command"), 0.0)
                        .containsEntry(key("courier_connections_open", "service", "kv"), 1.0)
                        .containsEntry(key("courier_connections_accepted_total", "service", "kv"), 3.0)
                        .containsEntry(key("courier_tls_handshakes_total", "service", "kv", "result", "ok",
                                "protocol", "TLSv1.3"), 3.0)
                        .containsEntry(key("courier_tls_handshakes_total", "service", "kv", "result", "error",
                                "protocol", "unknown"), 0.0);
                // Mail: two logins (one refused), two sends, a count, a delmsg of no such subject (ERR), a logoff.
                assertThat(m).containsEntry(key("courier_mail_commands_total", "command", "login", "result", "ok"),
                                1.0)
                        .containsEntry(key("courier_mail_commands_total", "command", "login", "result", "error"), 1.0)
                        .containsEntry(key("courier_mail_commands_total", "command", "email", "result", "ok"), 2.0)
                        .containsEntry(key("courier_mail_commands_total", "command", "count", "result", "ok"), 1.0)
                        .containsEntry(key("courier_mail_commands_total", "command", "delmsg", "result", "error"), 1.0)
                        .containsEntry(key("courier_mail_commands_total", "command", "delmsg", "result", "ok"), 0.0)
                        .containsEntry(key("courier_mail_commands_total", "command", "logoff", "result", "ok"), 1.0)
                        .containsEntry(key("courier_mail_logins_total", "result", "ok"), 1.0)
                        .containsEntry(key("courier_mail_logins_total", "result", "refused"), 1.0)
                        .containsEntry(key("courier_mail_checksum_failures_total"), 0.0)
                        .containsEntry(key("courier_mail_messages_sent_total"), 2.0)
                        .containsEntry(key("courier_mail_store_commit_seconds_count"), 2.0)
                        .containsEntry(key("courier_connections_accepted_total", "service", "mail"), 2.0)
                        .containsEntry(key("courier_tls_handshakes_total", "service", "mail", "result", "ok",
                                "protocol", "TLSv1.3"), 2.0);
                // Transfer: a text and a JSON document, 5 + 7 body bytes.
                assertThat(m).containsEntry(key("courier_transfer_messages_total", "kind", "text", "result", "ok"),
                                1.0)
                        .containsEntry(key("courier_transfer_messages_total", "kind", "json", "result", "ok"), 1.0)
                        .containsEntry(key("courier_transfer_messages_total", "kind", "file", "result", "ok"), 0.0)
                        .containsEntry(key("courier_transfer_bytes_total"), 12.0)
                        .containsEntry(key("courier_transfer_nacks_total", "type", "NACK1"), 0.0)
                        .containsEntry(key("courier_transfer_in_flight"), 0.0)
                        .containsEntry(key("courier_transfer_resumes_total"), 0.0)
                        .containsEntry(key("courier_transfer_trees_total"), 0.0);
                // The budget, the JVM and Netty's buffers are there too.
                assertThat(m.keySet()).anyMatch(k -> k.startsWith("courier_memory_budget_used_bytes{service=\"kv\"}"))
                        .anyMatch(k -> k.startsWith("jvm_memory_used_bytes"))
                        .anyMatch(k -> k.startsWith("jvm_gc_"))
                        .anyMatch(k -> k.startsWith("netty_allocator_memory_used"));
                assertThat(m.get(key("courier_memory_budget_limit_bytes", "service", "all")))
                        .isEqualTo((double) serve.serve().budget().limit());

                // The histogram moves with each request.
                c.put("k2", "v");
                assertThat(scrape(metricsPort)).containsEntry(
                        key("courier_kv_command_seconds_count", "verb", "PUT"), 6.0);
            }
        }
    }

    @Test
    void onlyGetOnTheThreePathsAndTheHeadersSayWhatItIs() throws Exception {
        try (RunningServe serve = RunningServe.start("--data-dir", dir.resolve("data").toString(), "--kv-port", "0",
                "--mail-port", "off", "--metrics-port", "0")) {
            int port = serve.services().metrics().port();
            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).contains("text/plain; version=0.0.4; charset=utf-8");
            assertThat(get(port, "/nothing").statusCode()).isEqualTo(404);
            assertThat(get(port, "/metrics/x").statusCode()).isEqualTo(404);
            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
            HttpResponse<String> big = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).header("X-Big", "x".repeat(20_000)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isIn(400, 431);
            HttpResponse<String> live = get(port, "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");

            // Not TLS at all: the handshake fails, and is counted as such.
            try (java.net.Socket raw = new java.net.Socket("127.0.0.1", serve.services().kv().port())) {
                raw.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                raw.setSoTimeout(10_000);
                assertThat(raw.getInputStream().readAllBytes()).isNotNull();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    scrape(port)).containsEntry(key("courier_tls_handshakes_total", "service", "kv", "result", "error",
                    "protocol", "unknown"), 1.0));
        }
    }

    @Test
    void readyNamesEveryCheckAndIs503WhenOneFails() throws Exception {
        Path data = dir.resolve("data");
        try (RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0",
                "--mail-port", "0", "--transfer-port", "0", "--transfer-dir", dir.resolve("inbox").toString(),
                "--metrics-port", "0")) {
            HttpResponse<String> ready = get(serve.services().metrics().port(), "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            List<String> names = new ArrayList<>();
            body.get("checks").fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactly("kv_listener", "mail_listener", "mail_store", "transfer_listener",
                    "transfer_disk");
            body.get("checks").forEach(c -> assertThat(c.get("status").asText()).isEqualTo("UP"));
            assertThat(body.at("/checks/mail_store/detail").asText()).isEqualTo("answers");
        }
        // More free space asked for than any disk has: the disk check, and only it, fails.
        try (RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0",
                "--mail-port", "0", "--transfer-port", "0", "--transfer-dir", dir.resolve("inbox").toString(),
                "--metrics-port", "0", "--health-min-free-disk", "1000000000000000000")) {
            int port = serve.services().metrics().port();
            HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode body = new ObjectMapper().readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/checks/transfer_disk/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/checks/transfer_disk/detail").asText()).contains("MiB free, at least");
            assertThat(body.at("/checks/kv_listener/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/mail_store/status").asText()).isEqualTo("UP");
            // Liveness is not readiness: the process still answers.
            assertThat(get(port, "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void readyChecksRedisWhenKvKeepsItsSessionsThere() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             RunningServe serve = RunningServe.start("--data-dir", dir.resolve("data").toString(), "--kv-port", "0",
                     "--mail-port", "off", "--kv-store", redis.uri(), "--metrics-port", "0")) {
            int port = serve.services().metrics().port();
            HttpResponse<String> ready = get(port, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(ready.body());
            assertThat(body.at("/checks/kv_store_redis/status").asText()).isEqualTo("UP");
            assertThat(body.at("/checks/kv_store_redis/detail").asText()).isEqualTo("answers PING");
            // Redis gone while no client sends anything: the check itself finds out.
            redis.kill();
            HttpResponse<String> down = get(port, "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            body = new ObjectMapper().readTree(down.body());
            assertThat(body.at("/checks/kv_store_redis/status").asText()).isEqualTo("DOWN");
            assertThat(body.at("/checks/kv_listener/status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void promtoolFindsNothingWrongInARealScrape() throws Exception {
        File promtool = which("promtool");
        assumeThat(promtool).as("promtool (Debian package prometheus) is not installed").isNotNull();
        Path data = dir.resolve("data");
        try (RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0",
                "--mail-port", "0", "--transfer-port", "0", "--transfer-dir", dir.resolve("inbox").toString(),
                "--metrics-port", "0")) {
            ClientTrust trust = ClientTrust.caFile(data.resolve("tls/server.crt"));
            try (KvClient c = KvClient.connect(KvClientConfig.of("127.0.0.1", serve.services().kv().port(), trust,
                    "alice", PW_HASH))) {
                c.put("a", "1");
            }
            String text = get(serve.services().metrics().port(), "/metrics").body();
            Process p = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).isEmpty();
            assertThat(p.exitValue()).isZero();
        }
    }

    private static File which(String name) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File f = new File(d, name);
            if (f.canExecute()) {
                return f;
            }
        }
        return null;
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample of a scrape, keyed by {@link #key}. */
    private static Map<String, Double> scrape(int port) throws Exception {
        HttpResponse<String> r = get(port, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> out = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = brace < 0 ? line.substring(0, space) : line.substring(0, brace);
            List<String> labels = new ArrayList<>();
            if (brace >= 0) {
                String inner = line.substring(brace + 1, line.lastIndexOf('}'));
                for (String pair : inner.split(",(?=[a-zA-Z_]+=\")")) {
                    if (!pair.isEmpty()) {
                        labels.add(pair);
                    }
                }
            }
            out.put(canonical(name, labels), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    /** {@code name{k="v",...}} with the labels sorted, as {@link #scrape} keys its samples. */
    private static String key(String name, String... labels) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < labels.length; i += 2) {
            l.add(labels[i] + "=\"" + labels[i + 1] + "\"");
        }
        return canonical(name, l);
    }

    private static String canonical(String name, List<String> labels) {
        List<String> sorted = new ArrayList<>(labels);
        Collections.sort(sorted);
        return name + "{" + String.join(",", sorted) + "}";
    }

    private static ServeCommand parse(String... args) {
        Io io = Io.of(new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return (ServeCommand) Cli.commandLine(io).parseArgs(all).subcommand().commandSpec().userObject();
    }
}
