package dev.courier.transfer.client;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Locale;

/**
 * Says in words why a receiver ended TLS over the sender's client certificate (mutual TLS), as far as its TLS alert
 * tells: none given, an expired one, or one it does not trust. Under TLS 1.3 the receiver checks the certificate
 * after the sender's side of the handshake is done, so the alert may come with the first reply rather than the
 * handshake; both places ask here. An alert that does not say which (the JDK's {@code certificate_unknown}) is
 * completed by looking at the sender's own certificate's dates.
 */
final class CertificateRefusal {
    private static final String NONE = "the receiver requires a client certificate (mutual TLS) and none was given";
    private static final String EXPIRED = "the receiver refused the client certificate: it has expired";
    private static final String NOT_YET = "the receiver refused the client certificate: it is not valid yet";
    private static final String UNTRUSTED =
            "the receiver refused the client certificate: it is not signed by a CA the receiver trusts";

    private CertificateRefusal() {
    }

    /**
     * The refusal in words, or null when {@code e} is no client-certificate alert. {@code leaf}: the certificate
     * the sender offered, or null.
     */
    static String describe(Throwable e, X509Certificate leaf) {
        String all = messages(e).toLowerCase(Locale.ROOT);
        boolean presented = leaf != null;
        if (all.contains("certificate_required")) {
            return presented ? "the receiver refused the client certificate: it did not receive one it accepts"
                    : NONE;
        }
        if (all.contains("certificate_expired")) {
            return EXPIRED;
        }
        if (all.contains("unknown_ca")) {
            return presented ? UNTRUSTED : NONE;
        }
        boolean vague = all.contains("bad_certificate") || all.contains("certificate_unknown")
                || all.contains("unsupported_certificate") || all.contains("access_denied");
        if (!presented) {
            return vague || all.contains("handshake_failure") ? NONE : null;
        }
        if (!vague) {
            return null;
        }
        try {
            leaf.checkValidity(new Date());
        } catch (CertificateExpiredException x) {
            return EXPIRED;
        } catch (CertificateNotYetValidException x) {
            return NOT_YET;
        }
        return UNTRUSTED;
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 4096; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }
}
