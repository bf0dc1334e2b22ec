package dev.courier.conformance.transfer;

import dev.courier.conformance.CaseFailure;
import dev.courier.conformance.Peer;
import dev.courier.core.tls.CertificateStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The kit's listening socket in receiver mode: the sender under test connects to it, once per case, over plain TCP
 * (the protocol's default) or TLS.
 */
public final class KitReceiver implements AutoCloseable {
    private final ServerSocket server;

    private KitReceiver(ServerSocket server) {
        this.server = server;
    }

    /** Listens on {@code host:port} (port 0: any free one); plain TCP, the protocol's default. */
    public static KitReceiver listen(String host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 10);
            return new KitReceiver(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** Listens on {@code host:port} over TLS 1.3 or 1.2, presenting {@code certificates}. */
    public static KitReceiver listenTls(String host, int port, CertificateStore certificates) throws IOException {
        SSLServerSocket s;
        try {
            s = (SSLServerSocket) serverContext(certificates).getServerSocketFactory().createServerSocket();
        } catch (GeneralSecurityException e) {
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        }
        try {
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 10);
            return new KitReceiver(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private static SSLContext serverContext(CertificateStore certificates) throws GeneralSecurityException,
            IOException {
        // An in-memory key store only hands the key to the key manager: its password protects nothing.
        char[] password = "kit".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("kit", certificates.key(), password, certificates.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The next sender's connection, waiting at most {@code wait}; its reads wait at most {@code timeout}. */
    Peer accept(Duration wait, Duration timeout) throws IOException {
        server.setSoTimeout((int) Math.max(1, wait.toMillis()));
        Socket s;
        try {
            s = server.accept();
        } catch (SocketTimeoutException e) {
            throw new CaseFailure("no sender connected within " + wait.toMillis() + " ms", null,
                    "a connection from the sender", "(none)");
        }
        s.setTcpNoDelay(true);
        if (s instanceof SSLSocket tls) {
            tls.setSoTimeout((int) timeout.toMillis());
            try {
                tls.startHandshake();
            } catch (IOException e) {
                s.close();
                throw new CaseFailure("the TLS handshake failed: " + e.getMessage(), null,
                        "a TLS 1.3 or 1.2 handshake", "(failed)");
            }
        }
        return Peer.over(s, timeout);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
