package dev.courier.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.CertificateWatcher;
import dev.courier.core.tls.ClientCa;
import dev.courier.transfer.client.Credentials;
import dev.courier.transfer.client.SendResult;
import dev.courier.transfer.client.TransferClient;
import dev.courier.transfer.client.TransferClientConfig;
import dev.courier.transfer.server.SenderAuth;
import dev.courier.transfer.server.TransferServerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Mutual TLS over real loopback sockets: a receiver with a client CA takes a file from a sender whose certificate
 * that CA signed, and refuses one with no certificate, one signed by another CA and an expired one, each with a
 * one-line reason for the sender, one log line naming the peer and the reason, and nothing stored.
 */
class MutualTlsTest {
    @TempDir
    static Path certs;
    private static TestCertificates.Ca ca;
    private static TestCertificates.Client alice;
    private static TestCertificates.Client stranger;
    private static TestCertificates.Client expired;

    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.tls(c -> c.withAuth(new SenderAuth(clientCa(), null)));

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        ca = TestCertificates.ca(certs.resolve("ca"), "Test client CA");
        TestCertificates.Ca other = TestCertificates.ca(certs.resolve("other"), "Another CA");
        alice = TestCertificates.client(ca, certs.resolve("ca"), "alice");
        stranger = TestCertificates.client(other, certs.resolve("other"), "mallory");
        Instant now = Instant.now();
        expired = TestCertificates.client(ca, certs.resolve("ca"), "old", now.minus(Duration.ofDays(30)),
                now.minus(Duration.ofDays(1)));
    }

    private static ClientCa clientCa() {
        try {
            return ClientCa.load(ca.cert(), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void watchTheLog() {
        log.start();
        ((Logger) LoggerFactory.getLogger(TransferServerInitializer.class)).addAppender(log);
    }

    @AfterEach
    void stopWatching() {
        ((Logger) LoggerFactory.getLogger(TransferServerInitializer.class)).detachAppender(log);
    }

    private TransferClientConfig as(TestCertificates.Client who) throws IOException {
        return ext.clientConfig().withCredentials(who == null ? Credentials.NONE
                : new Credentials(CertificateStore.load(who.cert(), who.key()), null));
    }

    private Path file() throws IOException {
        return Files.write(ext.outbox().resolve("report.bin"), TestBytes.random(100_000, 7));
    }

    @Test
    void aCertificateSignedByTheClientCaIsLetIn() throws Exception {
        Path f = file();
        try (TransferClient c = TransferClient.connect(as(alice))) {
            SendResult r = c.sendFile(f);
            assertThat(r.size()).isEqualTo(100_000);
        }
        assertThat(Files.readAllBytes(ext.inbox().resolve("report.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThat(log.list).isEmpty();
    }

    @Test
    void noCertificateIsRefusedAndNothingStored() throws Exception {
        assertRefused(null, "the receiver requires a client certificate (mutual TLS) and none was given",
                "transfer: 127.0.0.1 refused: no client certificate");
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAndNothingStored() throws Exception {
        assertRefused(stranger, "the receiver refused the client certificate: it is not signed by a CA the "
                + "receiver trusts", "transfer: 127.0.0.1 refused: client certificate CN=mallory is not signed by "
                + "the client CA (issuer CN=Another CA)");
    }

    @Test
    void anExpiredCertificateIsRefusedAndNothingStored() throws Exception {
        assertRefused(expired, "the receiver refused the client certificate: it has expired",
                "transfer: 127.0.0.1 refused: client certificate CN=old expired on ");
    }

    @Test
    void aReloadedClientCaLetsItsSendersInOnNewConnections() throws Exception {
        Path caFile = Files.copy(ca.cert(), certs.resolve("reloaded-ca.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ClientCa reloading = ClientCa.load(caFile, Clock.systemUTC());
        ext.start(ext.server().config().withAuth(new SenderAuth(reloading, null)));
        Path f = file();
        assertThatThrownBy(() -> {
            try (TransferClient c = TransferClient.connect(as(stranger))) {
                c.sendFile(f);
            }
        }).isInstanceOf(TransferException.class);
        // The operator swaps the CA file and sends SIGHUP: serve's watcher reloads the client CA with the pair.
        Files.copy(certs.resolve("other/ca.crt"), caFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (CertificateWatcher w = CertificateWatcher.start(TransferServerExtension.certificates(), reloading,
                Duration.ZERO)) {
            w.reload("SIGHUP");
        }
        assertThat(reloading.version()).isEqualTo(1);
        try (TransferClient c = TransferClient.connect(as(stranger))) {
            c.sendFile(f);
        }
        assertThat(Files.readAllBytes(ext.inbox().resolve("report.bin"))).isEqualTo(Files.readAllBytes(f));
        assertThatThrownBy(() -> {
            try (TransferClient c = TransferClient.connect(as(alice))) {
                c.send("the old CA's sender");
            }
        }).hasMessage("the receiver refused the client certificate: it is not signed by a CA the receiver trusts");
    }

    private void assertRefused(TestCertificates.Client who, String senderHears, String logLine) throws Exception {
        Path f = file();
        TransferClientConfig config = as(who);
        assertThatThrownBy(() -> {
            try (TransferClient c = TransferClient.connect(config)) {
                c.sendFile(f);
            }
        }).isInstanceOfSatisfying(TransferException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(senderHears);
            assertThat(e.reason()).isEqualTo(TransferException.Reason.UNAUTHORIZED);
        });
        // The server logs once its side of the handshake has failed, which may be just after the sender hears it.
        await().atMost(Duration.ofSeconds(5)).until(() -> ext.server().stats().authRefused.sum() == 1);
        assertThat(TestBytes.names(ext.inbox())).isEmpty();
        assertThat(ext.server().stats().messages.sum()).isZero();
        assertThat(ext.server().stats().inFlight.sum()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> log.list.size() == 1);
        assertThat(log.list.get(0).getFormattedMessage()).startsWith(logLine);
        assertThat(log.list.get(0).getThrowableProxy()).isNull();
    }
}
