package dev.courier.transfer.client;

import java.util.Locale;

/**
 * Says in words why a receiver ended TLS over the sender's client certificate (mutual TLS), as far as its TLS alert
 * tells: none given, an expired one, or one it does not trust. Under TLS 1.3 the receiver checks the certificate
 * after the sender's side of the handshake is done, so the alert may come with the first reply rather than the
 * handshake; both places ask here.
 */
final class CertificateRefusal {
    private CertificateRefusal() {
    }

    /**
     * The refusal in words, or null when {@code e} is no client-certificate alert. {@code presented}: whether the
     * sender offered a certificate.
     */
    static String describe(Throwable e, boolean presented) {
        String all = messages(e).toLowerCase(Locale.ROOT);
        if (all.contains("certificate_required")) {
            return presented ? "the receiver refused the client certificate: it did not receive one it accepts"
                    : "the receiver requires a client certificate (mutual TLS) and none was given";
        }
        if (all.contains("certificate_expired")) {
            return "the receiver refused the client certificate: it has expired";
        }
        boolean certAlert = all.contains("unknown_ca") || all.contains("bad_certificate")
                || all.contains("certificate_unknown") || all.contains("unsupported_certificate")
                || all.contains("access_denied");
        if (!presented && (certAlert || all.contains("handshake_failure"))) {
            return "the receiver requires a client certificate (mutual TLS) and none was given";
        }
        if (presented && certAlert) {
            return "the receiver refused the client certificate: it is not signed by a CA the receiver trusts";
        }
        return null;
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 4096; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t.getMessage()).append('\n');
        }
        return b.toString();
    }
}
