package dev.courier.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON log lines: one object per line, the fields a log shipper indexes, and nothing a peer can break. */
class JsonLogEncoderTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode encode(String logger, String message, Throwable t) throws Exception {
        LoggerContext ctx = new LoggerContext();
        LoggingEvent e = new LoggingEvent("x", ctx.getLogger(logger), Level.INFO, message, t, null);
        e.setTimeStamp(1_700_000_000_123L);
        String line = new String(new JsonLogEncoder().encode(e), StandardCharsets.UTF_8);
        assertThat(line).endsWith("}\n");
        assertThat(line.indexOf('\n')).as("one line").isEqualTo(line.length() - 1);
        return json.readTree(line);
    }

    @Test
    void anEventHasTimeLevelLoggerServiceConnectionAndMessage() throws Exception {
        JsonNode n = encode("dev.courier.kv.server.KvServerHandler",
                "[id: 0x5f3a91c2, L:/127.0.0.1:7401 - R:/127.0.0.1:50322] CONNECT alice: CREATED", null);
        assertThat(n.get("time").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
        assertThat(n.get("level").asText()).isEqualTo("INFO");
        assertThat(n.get("logger").asText()).isEqualTo("dev.courier.kv.server.KvServerHandler");
        assertThat(n.get("service").asText()).isEqualTo("kv");
        assertThat(n.get("connection").asText()).isEqualTo("0x5f3a91c2");
        assertThat(n.get("message").asText()).endsWith("CONNECT alice: CREATED");
        assertThat(n.has("error")).isFalse();
    }

    @Test
    void servicesComeFromTheLoggersPackage() throws Exception {
        assertThat(encode("dev.courier.mail.server.MailServer", "m", null).get("service").asText()).isEqualTo("mail");
        assertThat(encode("dev.courier.transfer.server.X", "m", null).get("service").asText())
                .isEqualTo("transfer");
        assertThat(encode("dev.courier.cli.serve.ServeCommand", "m", null).get("service").asText())
                .isEqualTo("serve");
        assertThat(encode("io.netty.Foo", "m", null).has("service")).isFalse();
        assertThat(encode("dev.courier.core.net.Listener", "kv listening on /127.0.0.1:7401 (EPOLL)", null)
                .get("service").asText()).as("the engine's line about a service").isEqualTo("kv");
        assertThat(encode("dev.courier.core.net.Listener", "kv-rsa listening on x", null).get("service").asText())
                .isEqualTo("kv-rsa");
        assertThat(encode("dev.courier.core.tls.CertificateWatcher", "TLS: reloaded", null).get("service").asText())
                .isEqualTo("core");
    }

    @Test
    void controlCharactersQuotesAndErrorsCannotBreakTheLine() throws Exception {
        String hostile = "name \"x\"\n{\"level\":\"ERROR\"}\r\t\u001b[31m\u0000\u2028end\\";
        JsonNode n = encode("dev.courier.transfer.server.Receiver", hostile,
                new IllegalStateException("boom\nsecond line"));
        assertThat(n.get("message").asText()).isEqualTo(hostile);
        assertThat(n.get("level").asText()).isEqualTo("INFO");
        assertThat(n.get("error").asText()).contains("IllegalStateException: boom");
    }
}
