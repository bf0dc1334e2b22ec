package dev.courier.transfer;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end contract over TLS, the certificate verified by the sender. */
class TlsEndToEndTest extends EndToEndContract {
    @RegisterExtension
    final TransferServerExtension ext = TransferServerExtension.tls(c -> c);

    @Override
    TransferServerExtension ext() {
        return ext;
    }
}
