package dev.courier.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.io.InputStream;
import java.nio.file.Files;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The server under test and how to reach it: host and port, TLS (with a CA file, the system's trust, or no check
 * at all) or plain TCP, and how long to wait for an answer.
 */
public record Target(String host, int port, Tls tls, Duration timeout) {
    /** How the kit speaks to the server. */
    public enum Mode { PLAIN, TLS_CHECKED, TLS_INSECURE }

    /** The transport: plain, or TLS trusting {@code caFile} (null: the system's trust store), or trusting anything. */
    public record Tls(Mode mode, Path caFile) {
        /** Plain TCP. */
        public static Tls plain() {
            return new Tls(Mode.PLAIN, null);
        }
    }

    /** A new connection (TLS handshake done); the caller closes it. */
    public Peer open() throws IOException {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        raw.setTcpNoDelay(true);
        raw.setSoTimeout((int) timeout.toMillis());
        if (tls.mode() == Mode.PLAIN) {
            return new Peer(raw, timeout);
        }
        try {
            SSLSocket s = (SSLSocket) context().getSocketFactory().createSocket(raw, host, port, true);
            s.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            if (tls.mode() == Mode.TLS_CHECKED) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            s.setSoTimeout((int) timeout.toMillis());
            s.startHandshake();
            return new Peer(s, timeout);
        } catch (GeneralSecurityException e) {
            raw.close();
            throw new IOException("TLS set-up failed: " + e.getMessage(), e);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private SSLContext context() throws GeneralSecurityException, IOException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        TrustManager[] trust;
        if (tls.mode() == Mode.TLS_INSECURE) {
            trust = new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
        } else if (tls.caFile() != null) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(tls.caFile())) {
                int i = 0;
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            trust = tmf.getTrustManagers();
        } else {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            trust = tmf.getTrustManagers();
        }
        ctx.init(null, trust, null);
        return ctx;
    }
}
