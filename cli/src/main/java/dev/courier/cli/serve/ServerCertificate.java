package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.core.tls.CertificateStore;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The certificate serve presents, and what clients need to know to trust it. */
public final class ServerCertificate {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private ServerCertificate() {
    }

    /** The PEM files given, or the self-signed pair under {@code dataDir/tls}; logs its fingerprint. */
    public static CertificateStore load(Path tlsCert, Path tlsKey, Path dataDir) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw CliFailure.usage("--tls-cert and --tls-key go together: give both or neither");
        }
        if (tlsCert != null) {
            try {
                CertificateStore store = CertificateStore.load(tlsCert, tlsKey);
                LOG.info("TLS certificate {} (SHA-256 {})", tlsCert, store.fingerprint());
                return store;
            } catch (IOException | RuntimeException e) {
                throw CliFailure.usage("cannot load --tls-cert/--tls-key: " + e.getMessage());
            }
        }
        try {
            CertificateStore store = CertificateStore.selfSigned(dataDir.resolve("tls"));
            LOG.info("TLS certificate: self-signed, SHA-256 {}; clients: --cacert {}", store.fingerprint(),
                    store.certFile());
            return store;
        } catch (IOException | RuntimeException e) {
            throw CliFailure.failure("cannot make or read the self-signed certificate under "
                    + dataDir.resolve("tls") + ": " + e.getMessage());
        }
    }
}
