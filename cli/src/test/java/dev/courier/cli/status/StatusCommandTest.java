package dev.courier.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.courier.cli.CliRun;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.serve.RunningServe;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {
    private static final byte[] PW_HASH = Pbkdf2.kvHash("pw".toCharArray(), Pbkdf2.testSalt());

    @TempDir
    Path dir;

    @Test
    void summarisesARunningServerFromItsMetrics() throws Exception {
        Path data = dir.resolve("data");
        try (RunningServe serve = RunningServe.start("--data-dir", data.toString(), "--kv-port", "0",
                "--mail-port", "0", "--metrics-port", "0")) {
            ClientTrust trust = ClientTrust.caFile(data.resolve("tls/server.crt"));
            try (KvClient c = KvClient.connect(KvClientConfig.of("127.0.0.1", serve.services().kv().port(), trust,
                    "alice", PW_HASH))) {
                c.put("a", "1");
                c.put("b", "2");
                c.put("c", "3");
                assertThat(c.get("missing")).isEmpty();
                String url = "http://127.0.0.1:" + serve.services().metrics().port() + "/metrics";
                CliRun run = CliRun.run("status", "--metrics-url", url, "--interval", "200ms");
                assertThat(run.code()).isEqualTo(ExitCodes.OK);
                assertThat(run.err()).isEmpty();
                String out = run.out();
                assertThat(out).startsWith("courier at " + url + ": up ").contains("(rates over 0.");
                assertThat(out).containsPattern("memory +budget [0-9.]+ [KMG]?i?B of [0-9.]+ [KMG]iB");
                assertThat(out).contains("kv        1 connections open (1 accepted, 0 refused, 0 TLS failures); "
                        + "sessions 1 bound, 0 detached; 0 violations");
                // verb, req/s (nothing happened between the scrapes), total, errors, p99 bucket.
                assertThat(out).containsPattern("PUT +0\\.0 +3 +0 +<= [0-9.]+ ms")
                        .containsPattern("GET +0\\.0 +1 +1 +<= [0-9.]+ ms")
                        .containsPattern("DELETE +0\\.0 +0 +0 +-");
                assertThat(out).contains("mail      0 connections open").contains("logins 0 ok, 0 refused");
                assertThat(out).doesNotContain("transfer  ");
            }
        }
    }

    @Test
    void anEndpointThatDoesNotAnswerIsOneLineAndStatus3() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        CliRun run = CliRun.run("status", "--metrics-url", "http://127.0.0.1:" + port + "/metrics");
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.err()).contains("cannot read http://127.0.0.1:" + port + "/metrics");
        CliRun bad = CliRun.run("status", "--metrics-url", "ftp://x/metrics");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--metrics-url must be an http:// or https:// URL");
    }
}
