package dev.courier.core.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.courier.core.net.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate rotation over real TLS: a server built on {@link TlsContexts#server} keeps its open connections when
 * the store reloads a new pair, new connections get the new certificate, and a broken or mismatched pair is refused
 * with the old one still served.
 */
class CertificateRotationTest {
    @TempDir
    Path dir;

    private EventLoopGroup group;
    private Channel server;
    private CertificateStore store;
    private Path live;

    @BeforeEach
    void start() throws Exception {
        live = dir.resolve("live");
        store = CertificateStore.selfSigned(live);
        SslContext ctx = TlsContexts.server(store);
        group = Transport.best().newGroup(1, "rotation-test");
        server = new ServerBootstrap().group(group).channel(Transport.best().serverChannel())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(ctx.newHandler(ch.alloc()), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext c, Object msg) {
                                c.writeAndFlush(msg);
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    @AfterEach
    void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A client that trusts only {@code cert}; handshakes and echoes one byte. */
    private SSLSocket connect(Path cert) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateStore.readCertificates(cert).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port());
        s.setSoTimeout(5000);
        s.startHandshake();
        assertEchoes(s);
        return s;
    }

    private static void assertEchoes(SSLSocket s) throws Exception {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        out.write('x');
        out.flush();
        assertThat(in.read()).isEqualTo('x');
    }

    private static String fingerprint(SSLSocket s) throws Exception {
        X509Certificate peer = (X509Certificate) s.getSession().getPeerCertificates()[0];
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(peer.getEncoded()));
    }

    /** Makes a new self-signed pair elsewhere and moves it over the live files, as a renewal tool does. */
    private Path rotate(String name) throws Exception {
        Path fresh = dir.resolve(name);
        CertificateStore.selfSigned(fresh);
        Path saved = dir.resolve(name + "-ca.crt");
        Files.copy(fresh.resolve(CertificateStore.CERT_FILE), saved);
        Files.move(fresh.resolve(CertificateStore.KEY_FILE), live.resolve(CertificateStore.KEY_FILE),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(fresh.resolve(CertificateStore.CERT_FILE), live.resolve(CertificateStore.CERT_FILE),
                StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return saved;
    }

    @Test
    void aReloadServesTheNewCertificateToNewConnectionsAndKeepsOpenOnes() throws Exception {
        Path oldCa = dir.resolve("old-ca.crt");
        Files.copy(live.resolve(CertificateStore.CERT_FILE), oldCa);
        String oldPrint = store.fingerprint();
        try (CertificateWatcher watcher = CertificateWatcher.start(store, Duration.ZERO);
             SSLSocket open = connect(oldCa)) {
            assertThat(fingerprint(open)).isEqualTo(oldPrint);
            Path newCa = rotate("second");
            assertThat(watcher.reload("test")).isTrue();
            assertThat(store.fingerprint()).isNotEqualTo(oldPrint);

            assertEchoes(open);
            try (SSLSocket fresh = connect(newCa)) {
                assertThat(fingerprint(fresh)).isEqualTo(store.fingerprint());
            }
            assertThatThrownBy(() -> connect(oldCa)).isInstanceOf(SSLHandshakeException.class);
            assertThat(watcher.reload("again")).as("nothing changed").isFalse();
        }
    }

    @Test
    void aBrokenOrMismatchedPairIsRefusedAndTheOldOneStillServed() throws Exception {
        Path ca = dir.resolve("ca.crt");
        Files.copy(live.resolve(CertificateStore.CERT_FILE), ca);
        String print = store.fingerprint();
        try (CertificateWatcher watcher = CertificateWatcher.start(store, Duration.ZERO)) {
            Path key = live.resolve(CertificateStore.KEY_FILE);
            byte[] good = Files.readAllBytes(key);
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nbroken\n-----END PRIVATE KEY-----\n");
            assertThat(watcher.reload("broken key")).isFalse();
            assertThat(store.fingerprint()).isEqualTo(print);
            connect(ca).close();

            // A valid key, but another certificate's.
            Path other = dir.resolve("other");
            CertificateStore.selfSigned(other);
            Files.copy(other.resolve(CertificateStore.KEY_FILE), key, StandardCopyOption.REPLACE_EXISTING);
            assertThat(watcher.reload("mismatched key")).isFalse();
            assertThat(store.fingerprint()).isEqualTo(print);
            connect(ca).close();

            Files.write(key, good);
            assertThat(watcher.reload("restored")).as("the same pair as served").isFalse();
            connect(ca).close();
        }
    }

    @Test
    void changedFilesAreSeenWithoutBeingAsked() throws Exception {
        String print = store.fingerprint();
        try (CertificateWatcher watcher = CertificateWatcher.start(store, Duration.ofMillis(100))) {
            Path newCa = rotate("polled");
            await().atMost(Duration.ofSeconds(5)).until(() -> !store.fingerprint().equals(print));
            try (SSLSocket fresh = connect(newCa)) {
                assertThat(fingerprint(fresh)).isEqualTo(store.fingerprint());
            }
        }
    }
}
