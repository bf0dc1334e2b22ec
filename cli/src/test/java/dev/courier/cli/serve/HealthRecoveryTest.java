package dev.courier.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.kv.redis.RedisProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: {@code /health/ready} turns 503 while a store a service depends on is down (the mail store's
 * PostgreSQL stopped, the KV sessions' Redis killed), naming it, and 200 again once it is back, with no restart.
 */
class HealthRecoveryTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> ready(int port) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String check(HttpResponse<String> r, String name) throws Exception {
        JsonNode body = new ObjectMapper().readTree(r.body());
        return body.at("/checks/" + name + "/status").asText();
    }

    private EmbeddedPostgres postgres(Path data, int port) throws Exception {
        if (System.getProperty("ot.epg.working-dir") == null) {
            System.setProperty("ot.epg.working-dir", Path.of("target", "embedded-pg").toAbsolutePath().toString());
        }
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60))
                .setDataDirectory(data).setCleanDataDirectory(false);
        if (port > 0) {
            b.setPort(port);
        }
        return b.start();
    }

    @Test
    void readyIs503WhileTheMailDatabaseIsStoppedAnd200AgainAfter() throws Exception {
        Path pgData = dir.resolve("pg");
        EmbeddedPostgres pg = postgres(pgData, 0);
        int pgPort = pg.getPort();
        String url = pg.getJdbcUrl("postgres", "postgres");
        try (RunningServe serve = RunningServe.start("--data-dir", dir.resolve("data").toString(), "--kv-port", "0",
                "--mail-port", "0", "--transfer-port", "off", "--mail-db", url, "--metrics-port", "0")) {
            int port = serve.services().metrics().port();
            assertThat(ready(port).statusCode()).isEqualTo(200);
            pg.close();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> r = ready(port);
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(check(r, "mail_store")).isEqualTo("DOWN");
                assertThat(check(r, "kv_listener")).isEqualTo("UP");
            });
            // The same database back on its port: the pool reconnects, and the node is ready again by itself.
            pg = postgres(pgData, pgPort);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(ready(port).statusCode())
                    .isEqualTo(200));
        } finally {
            pg.close();
        }
    }

    @Test
    void readyIs503WhileRedisIsDownAnd200AgainAfter() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             RunningServe serve = RunningServe.start("--data-dir", dir.resolve("data").toString(), "--kv-port", "0",
                     "--mail-port", "off", "--transfer-port", "off", "--kv-store", redis.uri(),
                     "--metrics-port", "0")) {
            int port = serve.services().metrics().port();
            assertThat(ready(port).statusCode()).isEqualTo(200);
            redis.kill();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                HttpResponse<String> r = ready(port);
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(check(r, "kv_store_redis")).isEqualTo("DOWN");
            });
            redis.restart();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ready(port).statusCode())
                    .isEqualTo(200));
        }
    }
}
