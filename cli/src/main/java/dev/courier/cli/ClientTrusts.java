package dev.courier.cli;

import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a client command checks a server's certificate: one rule for {@code kv} and {@code send}. */
public final class ClientTrusts {
    private ClientTrusts() {
    }

    /**
     * {@code --insecure} (with a loud warning), else {@code --cacert}, else {@code <data-dir>/tls/server.crt} when it
     * exists (a local server's self-signed certificate), else the system trust store. {@code exposed} says, in the
     * warning, what a man in the middle could read.
     */
    public static ClientTrust of(boolean insecure, Path cacert, Path dataDir, String host, String exposed, Io io) {
        if (insecure) {
            io.err().println("WARNING: --insecure: the server's certificate is NOT checked. Anyone between you and "
                    + host + " can read and change " + exposed + ".");
            return ClientTrust.trustAll();
        }
        if (cacert != null) {
            if (!Files.isReadable(cacert)) {
                throw CliFailure.usage("cannot read --cacert " + cacert);
            }
            return ClientTrust.caFile(cacert);
        }
        Path local = dataDir.resolve("tls").resolve(CertificateStore.CERT_FILE);
        return Files.isReadable(local) ? ClientTrust.caFile(local) : ClientTrust.system();
    }
}
