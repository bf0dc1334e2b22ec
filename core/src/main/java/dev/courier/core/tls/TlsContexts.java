package dev.courier.core.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the TLS contexts of servers and clients: TLS 1.3 and 1.2 only, OpenSSL when it loads, JDK otherwise. */
public final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    /** The protocol versions Courier speaks; nothing older. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * Sessions a server keeps for TLS 1.2 resumption by id. TLS 1.3 resumes with tickets and needs none; a cache
     * the size of the connection count would cost memory per connection for little gain.
     */
    public static final long SERVER_SESSION_CACHE = 1024;

    private TlsContexts() {
    }

    /** The provider in use: OpenSSL (BoringSSL) when its native library loads, unless {@code courier.tls.jdk} is set. */
    public static SslProvider provider() {
        if (!Boolean.getBoolean("courier.tls.jdk")) {
            try {
                if (OpenSsl.isAvailable()) {
                    return SslProvider.OPENSSL;
                }
            } catch (Throwable t) {
                LOG.debug("OpenSSL unavailable", t);
            }
        }
        return SslProvider.JDK;
    }

    /** A human-readable name of the provider, for logs. */
    public static String providerDescription() {
        SslProvider p = provider();
        return p == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
    }

    /**
     * A server context presenting the store's certificate: the one it holds when a connection starts, so a
     * {@linkplain CertificateStore#reload() reloaded} pair serves new connections without touching open ones.
     */
    public static SslContext server(CertificateStore store) throws SSLException {
        return new ReloadingSslContext(store, TlsContexts::fixedServer);
    }

    /**
     * A server context presenting the store's certificate and requiring a client certificate signed by one of
     * {@code clientCa}'s authorities (mutual TLS); a reload of either serves new connections. Null {@code clientCa}:
     * {@link #server(CertificateStore)}.
     */
    public static SslContext server(CertificateStore store, ClientCa clientCa) throws SSLException {
        if (clientCa == null) {
            return server(store);
        }
        return new ReloadingSslContext(store, s -> fixedServer(s, clientCa), () -> store.version() + clientCa.version());
    }

    /** A server context for the store's pair and the client CA's authorities as they are now. */
    static SslContext fixedServer(CertificateStore store, ClientCa clientCa) throws SSLException {
        try {
            return SslContextBuilder.forServer(store.key(), store.chain())
                    .sslProvider(provider())
                    .protocols(PROTOCOLS)
                    .sessionCacheSize(Long.getLong("courier.tls.sessionCache", SERVER_SESSION_CACHE))
                    .trustManager(clientCa.trustManagerFactory())
                    .clientAuth(ClientAuth.REQUIRE)
                    .build();
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot use the client CA " + clientCa.file() + ": " + e.getMessage(), e);
        }
    }

    /** A server context for the store's pair as it is now. */
    static SslContext fixedServer(CertificateStore store) throws SSLException {
        return SslContextBuilder.forServer(store.key(), store.chain())
                .sslProvider(provider())
                .protocols(PROTOCOLS)
                .sessionCacheSize(Long.getLong("courier.tls.sessionCache", SERVER_SESSION_CACHE))
                .build();
    }

    /** How a client checks the server's certificate. */
    public record ClientTrust(Path caCert, boolean insecure) {
        /** Check against the system's trust store. */
        public static ClientTrust system() {
            return new ClientTrust(null, false);
        }

        /** Check against the certificates of one PEM file. */
        public static ClientTrust caFile(Path pem) {
            return new ClientTrust(pem, false);
        }

        /** Do not check at all: anyone in the middle can read and change everything. */
        public static ClientTrust trustAll() {
            return new ClientTrust(null, true);
        }
    }

    /** A client context; the certificate and host name are checked unless trust is insecure. */
    public static SslContext client(ClientTrust trust) throws IOException {
        return client(trust, (String[]) null);
    }

    /**
     * A client context that also presents {@code identity}'s certificate and key to a server that asks for one
     * (mutual TLS); null {@code identity}: none.
     */
    public static SslContext client(ClientTrust trust, CertificateStore identity) throws IOException {
        return client(trust, null, identity);
    }

    /**
     * A client context that offers only the key exchange {@code groups} (OpenSSL names, e.g. X25519, P-256,
     * X25519MLKEM768), or the provider's default list when null. Only the OpenSSL provider can be told.
     */
    public static SslContext client(ClientTrust trust, String[] groups) throws IOException {
        return client(trust, groups, null);
    }

    private static SslContext client(ClientTrust trust, String[] groups, CertificateStore identity)
            throws IOException {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(provider()).protocols(PROTOCOLS);
        if (identity != null) {
            b.keyManager(ClientKeys.of(identity));
        }
        if (groups != null) {
            if (provider() != SslProvider.OPENSSL) {
                throw new IllegalArgumentException("key exchange groups can be chosen with OpenSSL only");
            }
            b.option(OpenSslContextOption.GROUPS, groups);
        }
        if (trust.insecure()) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            if (trust.caCert() != null) {
                b.trustManager(CertificateStore.readCertificates(trust.caCert()));
            }
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        return b.build();
    }
}
