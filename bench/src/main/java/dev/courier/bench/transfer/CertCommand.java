package dev.courier.bench.transfer;

import dev.courier.core.tls.CertificateAuthority;
import dev.courier.core.tls.CertificateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code transfer-bench cert}: makes (or reuses) the self-signed certificate a TLS receiver presents. */
@Command(name = "cert", mixinStandardHelpOptions = true,
        description = {"Makes DIR/server.crt and DIR/server.key (self-signed, for localhost and 127.0.0.1) unless",
                "they exist, and prints the certificate's path, so other TLS tools can use the same pair."})
final class CertCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--dir", required = true, description = "Directory of the certificate and key.")
    Path dir;
    @Option(names = "--client", paramLabel = "NAME", description = "Instead: a client certificate NAME.crt/NAME.key "
            + "for mutual TLS, signed by the CA DIR/ca.crt (made if missing); prints the CA's path.")
    String client;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (client != null) {
            out.println(CertificateAuthority.issueClient(dir, client, 1, Clock.systemUTC()).caCert());
            return 0;
        }
        out.println(CertificateStore.selfSigned(dir).certFile());
        return 0;
    }
}
