package dev.courier.bench.transfer;

import dev.courier.core.tls.CertificateStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.io.PrintWriter;
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.println(CertificateStore.selfSigned(dir).certFile());
        return 0;
    }
}
