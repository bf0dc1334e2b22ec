package dev.courier.core.tls;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.SimpleTrustManagerFactory;
import io.netty.internal.tcnative.CertificateVerifier;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities a server requires its clients' certificates to be signed by (mutual TLS), read from
 * one PEM file and {@linkplain #reload() read again} when it changes. A refused client certificate is refused with
 * a {@link Refused} that says why in words (none, expired, not yet valid, signed by another CA), for the server's
 * log line.
 */
public final class ClientCa {
    /** Why a client certificate was refused, in words for a log line (never a stack trace). */
    public static final class Refused extends CertificateException {
        private static final long serialVersionUID = 1L;

        Refused(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A client certificate past its notAfter, refused as such so TLS says {@code certificate_expired}. */
    public static final class Expired extends CertificateExpiredException {
        private static final long serialVersionUID = 1L;

        Expired(String reason) {
            super(reason);
        }
    }

    /** A client certificate before its notBefore, refused as such so TLS says {@code certificate_not_yet_valid}. */
    public static final class NotYetValid extends CertificateNotYetValidException {
        private static final long serialVersionUID = 1L;

        NotYetValid(String reason) {
            super(reason);
        }
    }

    private final Path file;
    private final Clock clock;
    private volatile List<X509Certificate> authorities;
    private volatile long version;

    private ClientCa(Path file, List<X509Certificate> authorities, Clock clock) {
        this.file = file;
        this.authorities = List.copyOf(authorities);
        this.clock = clock;
    }

    /** Reads the CA certificates of a PEM file (one or more). */
    public static ClientCa load(Path pem, Clock clock) throws IOException {
        return new ClientCa(pem, CertificateStore.readCertificates(pem), clock);
    }

    /** Reads the file again; throws, keeping the authorities in force, when it does not load. True if changed. */
    public synchronized boolean reload() throws IOException {
        List<X509Certificate> now = CertificateStore.readCertificates(file);
        if (now.equals(authorities)) {
            return false;
        }
        authorities = List.copyOf(now);
        version++;
        return true;
    }

    /** How many times new authorities replaced the first: a context built for an older version is rebuilt. */
    public long version() {
        return version;
    }

    /** The PEM file. */
    public Path file() {
        return file;
    }

    /** The authorities in force, as loaded. */
    public List<X509Certificate> authorities() {
        return authorities;
    }

    /**
     * Why a TLS handshake that failed was a refused client certificate, in words ("no client certificate",
     * "client certificate CN=x expired on ..."), or null when it failed for another reason (a timeout, a scanner).
     */
    public static String refusal(Throwable handshakeFailure) {
        for (Throwable t = handshakeFailure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Refused || t instanceof Expired || t instanceof NotYetValid) {
                return t.getMessage();
            }
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            // OpenSSL does not ask the trust manager when the client sends no certificate; the JDK asks with none.
            if (m.contains("peer_did_not_return_a_certificate") || m.contains("empty client certificate chain")
                    || m.contains("certificate_required")) {
                return "no client certificate";
            }
        }
        return null;
    }

    /**
     * {@code name} with control characters (C0, DEL, C1) written as {@code \xNN} and bidirectional overrides as
     * backslash, u, and the code point in braces: a peer chooses its certificate's names, and they end up in log
     * lines.
     */
    static String printable(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                b.append(String.format("\\x%02X", c));
            } else if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F) {
                b.append(String.format("\\u{%04X}", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** A trust manager factory checking client certificates against the authorities in force now. */
    TrustManagerFactory trustManagerFactory() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (X509Certificate c : authorities) {
            ks.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory pkix = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        pkix.init(ks);
        X509TrustManager delegate = null;
        for (TrustManager tm : pkix.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                delegate = x;
            }
        }
        if (delegate == null) {
            throw new GeneralSecurityException("no X.509 trust manager");
        }
        X509TrustManager pkixManager = delegate;
        return new SimpleTrustManagerFactory() {
            @Override
            protected void engineInit(KeyStore keyStore) {
            }

            @Override
            protected void engineInit(ManagerFactoryParameters params) {
            }

            @Override
            protected TrustManager[] engineGetTrustManagers() {
                return new TrustManager[] {new Checker(pkixManager, clock)};
            }
        };
    }

    /** Checks a client's chain in the order that makes the refusal's words exact: present, in date, signed. */
    private static final class Checker extends X509ExtendedTrustManager {
        private final X509TrustManager pkix;
        private final Clock clock;

        Checker(X509TrustManager pkix, Clock clock) {
            this.pkix = pkix;
            this.clock = clock;
        }

        private void check(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new Refused("no client certificate", null);
            }
            X509Certificate leaf = chain[0];
            String subject = printable(leaf.getSubjectX500Principal().getName());
            Date now = Date.from(clock.instant());
            try {
                leaf.checkValidity(now);
            } catch (CertificateExpiredException e) {
                throw new Expired("client certificate " + subject + " expired on " + leaf.getNotAfter().toInstant());
            } catch (CertificateNotYetValidException e) {
                throw new NotYetValid("client certificate " + subject + " is not valid before "
                        + leaf.getNotBefore().toInstant());
            }
            try {
                pkix.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                throw unknownCa(new Refused("client certificate " + subject + " is not signed by the client CA "
                        + "(issuer " + printable(leaf.getIssuerX500Principal().getName()) + ")", e));
            }
        }

        /**
         * Under OpenSSL, a refusal the trust manager throws becomes an alert by its type; a plain one would be
         * {@code internal_error}. Wrapped with the verify error of an unknown issuer, the sender hears
         * {@code unknown_ca}; the refusal stays the cause, for the server's log line.
         */
        private static CertificateException unknownCa(Refused r) {
            if (TlsContexts.provider() != SslProvider.OPENSSL) {
                return r;
            }
            return new OpenSslCertificateException(r.getMessage(), r,
                    CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client CA checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a client CA checks clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a client CA checks clients only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pkix.getAcceptedIssuers();
        }
    }
}
