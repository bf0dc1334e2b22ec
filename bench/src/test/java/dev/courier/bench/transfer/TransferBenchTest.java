package dev.courier.bench.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The two halves of the transfer benchmark talk to each other and report what the comparison script parses. */
class TransferBenchTest {
    private static final Pattern PORT = Pattern.compile("^PORT (\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path tmp;

    /** Runs the tool's command line, its output into {@code out}. */
    private static int run(StringWriter out, List<String> args) {
        return new CommandLine(new TransferBench()).setOut(new PrintWriter(out, true)).execute(args.toArray(String[]::new));
    }

    private void sendsAndReports(boolean tls) throws Exception {
        sendsAndReports(tls, false);
    }

    private void sendsAndReports(boolean tls, boolean mutual) throws Exception {
        // Over three chunk sizes: the first frame, a doubled chunk and a remainder.
        byte[] body = new byte[10_000];
        new Random(7).nextBytes(body);
        Path file = Files.write(tmp.resolve("data.bin"), body);
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path certs = tmp.resolve("tls");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));

        StringWriter recvOut = new StringWriter();
        List<String> recv = tls ? List.of("receive", "--dir", in.toString(), "--count", "1", "--tls", "--cert-dir",
                certs.toString()) : List.of("receive", "--dir", in.toString(), "--count", "1");
        List<String> clientFlags = List.of();
        if (mutual) {
            StringWriter caOut = new StringWriter();
            assertThat(run(caOut, List.of("cert", "--dir", tmp.resolve("clients").toString(), "--client", "bench")))
                    .isZero();
            Path clients = tmp.resolve("clients");
            assertThat(caOut.toString().strip()).isEqualTo(clients.resolve("ca.crt").toString());
            recv = new java.util.ArrayList<>(recv);
            recv.addAll(List.of("--client-ca", clients.resolve("ca.crt").toString()));
            clientFlags = List.of("--cert", clients.resolve("bench.crt").toString(), "--key",
                    clients.resolve("bench.key").toString());
        }
        List<String> recvArgs = recv;
        CompletableFuture<Integer> receiver = CompletableFuture.supplyAsync(() -> run(recvOut, recvArgs));
        await().atMost(Duration.ofSeconds(20)).until(() -> PORT.matcher(recvOut.toString()).find()
                || receiver.isDone());
        Matcher m = PORT.matcher(recvOut.toString());
        assertThat(m.find()).as("receiver printed its port: %s", recvOut).isTrue();

        StringWriter sendOut = new StringWriter();
        List<String> send = new java.util.ArrayList<>(tls ? List.of("send", "--port", m.group(1), "--tls", "--cacert",
                certs.resolve("server.crt").toString()) : List.of("send", "--port", m.group(1)));
        send.addAll(clientFlags);
        send.add(file.toString());
        assertThat(run(sendOut, send)).as("send output: %s", sendOut).isZero();
        assertThat(receiver.get(20, TimeUnit.SECONDS)).isZero();

        assertThat(sendOut.toString()).containsPattern("RESULT bytes=10000 seconds=[0-9.]+ connect_seconds=[0-9.]+ "
                + "hash_seconds=[0-9.]+ transfer_seconds=[0-9.]+ finish_seconds=[0-9.]+ mbps=[0-9.]+ sha256=" + sha);
        assertThat(sendOut.toString()).contains(tls ? "TLS" : "plain");
        assertThat(recvOut.toString()).contains("RECEIVED " + in.resolve("data.bin") + " 10000 " + sha);
        assertThat(Files.readAllBytes(in.resolve("data.bin"))).isEqualTo(body);
    }

    @Test
    void plainSendIsReceivedAndReported() throws Exception {
        sendsAndReports(false);
    }

    @Test
    void tlsSendTrustsTheReceiversSelfSignedCertificate() throws Exception {
        sendsAndReports(true);
    }

    @Test
    void mutualTlsSendPresentsAClientCertificateTheReceiverRequires() throws Exception {
        sendsAndReports(true, true);
    }

    @Test
    void certPrintsTheCertificateOtherToolsCanUse() throws Exception {
        StringWriter out = new StringWriter();
        assertThat(run(out, List.of("cert", "--dir", tmp.resolve("c").toString()))).isZero();
        Path cert = Path.of(out.toString().trim());
        assertThat(cert).isEqualTo(tmp.resolve("c").resolve("server.crt"));
        assertThat(Files.readString(cert)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(tmp.resolve("c").resolve("server.key")).exists();
    }

    @Test
    void aSubcommandIsRequired() {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new TransferBench()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(out, true));
        assertThat(cl.execute()).isEqualTo(2);
        assertThat(out.toString()).contains("receive, send or cert");
    }
}
