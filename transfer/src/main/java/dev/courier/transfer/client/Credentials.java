package dev.courier.transfer.client;

import dev.courier.core.tls.CertificateStore;
import dev.courier.transfer.TransferToken;
import java.security.cert.X509Certificate;

/**
 * What a sender proves itself with to a receiver that asks: a client certificate and its key (mutual TLS, needs
 * TLS), and a shared token sent with {@code AUTH} first on every connection.
 *
 * @param certificate the client certificate and key, or null
 * @param token       the receiver's token, or null
 */
public record Credentials(CertificateStore certificate, TransferToken token) {
    /** Nothing: what a receiver open to any sender needs. */
    public static final Credentials NONE = new Credentials(null, null);

    /** The client certificate itself (the chain's first), or null. */
    public X509Certificate leaf() {
        return certificate == null ? null : certificate.chain().get(0);
    }
}
