package dev.courier.cli.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.courier.cli.attack.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: {@code serve --log-format json} writes nothing but JSON lines, the KV ones naming their service and
 * connection, and a password typed by a client appears in neither form.
 */
class JsonLogIT {
    @TempDir
    Path dir;

    @Test
    void everyLineIsAJsonObjectWithItsServiceAndConnection() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        String secret = "correct horse battery staple";
        try (ServerProcess p = ServerProcess.start(dir.resolve("data"), "--kv-port", "0", "--kv-rsa-port", "off",
                "--mail-port", "off", "--transfer-port", "off", "--log-format", "json", "--log-level", "debug")) {
            int port = p.port("kv");
            Path password = Files.writeString(dir.resolve("pw"), secret + "\n");
            ServerProcess.Exit put = ServerProcess.run(Duration.ofSeconds(30), "kv", "--port",
                    Integer.toString(port), "--data-dir", dir.resolve("data").toString(), "--id", "json-user",
                    "--password-file", password.toString(), "put", "k", "v");
            assertThat(put.status()).as(put.output()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> p.log().contains("CONNECT json-user"));
            p.stop(Duration.ofSeconds(20));
            ObjectMapper json = new ObjectMapper();
            for (String line : p.log().split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                assertThat(n.isObject()).as(line).isTrue();
                assertThat(n.fieldNames()).toIterable().contains("time", "level", "logger", "message");
                lines.add(n);
            }
            assertThat(p.log()).doesNotContain(secret);
        }
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.get("service").asText()).isEqualTo("kv");
            assertThat(n.get("message").asText()).contains("listening");
        });
        assertThat(lines).anySatisfy(n -> {
            assertThat(n.get("message").asText()).contains("CONNECT json-user");
            assertThat(n.get("connection").asText()).matches("0x[0-9a-f]+");
        });
    }
}
