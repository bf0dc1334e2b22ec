package dev.courier.bench.transfer;

import dev.courier.core.config.Sizes;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.ClientCa;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.TransferMessage;
import dev.courier.transfer.server.SenderAuth;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.ExtensionSettings;
import dev.courier.transfer.server.TransferServerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code transfer-bench receive}: a receiver that prints its bound port, then one line per delivered message. */
@Command(name = "receive", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a transfer receiver. Prints 'PORT n' once it listens, then",
                "'RECEIVED path size sha256' for every delivered message."})
final class ReceiveCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--host", defaultValue = TransferServerConfig.DEFAULT_HOST,
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", defaultValue = "0", description = "Port to bind, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--dir", required = true, description = "Directory received files go to.")
    Path dir;
    @Option(names = "--tls", description = "Speak TLS.")
    boolean tls;
    @Option(names = "--cert-dir", description = "With --tls: directory of server.crt/server.key, made self-signed if missing "
            + "(default: DIR/../tls).")
    Path certDir;
    @Option(names = "--client-ca", description = "With --tls: require client certificates signed by this CA (PEM).")
    Path clientCa;
    @Option(names = "--count", defaultValue = "0", description = "Exit after this many messages (0: run until killed).")
    int count;
    @Option(names = "--max-chunk", description = "Largest chunk to ask for (default: the spec's 1MiB).")
    String maxChunk;
    @Option(names = "--partials", description = "Keep resumable files (senders with --resume) in this directory, "
            + "as courier serve does under <data-dir>/transfer-partial.")
    Path partials;

    @Option(names = "--overwrite", description = "Replace a file of the same name instead of numbering the new one.")
    boolean overwrite;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TransferLimits limits = TransferLimits.defaults();
        if (maxChunk != null) {
            limits = limits.withMaxChunkBytes(Math.toIntExact(Sizes.bytes(maxChunk)));
        }
        TransferServerConfig config = TransferServerConfig.of(dir).withHost(host).withPort(port).withLimits(limits)
                .withOverwrite(overwrite)
                .withExtensions(ExtensionSettings.defaults().withPartialDirectory(partials));
        if (tls) {
            Path certs = certDir != null ? certDir : dir.toAbsolutePath().getParent().resolve("tls");
            Files.createDirectories(certs);
            config = config.withTls(CertificateStore.selfSigned(certs));
            if (clientCa != null) {
                config = config.withAuth(new SenderAuth(ClientCa.load(clientCa, Clock.systemUTC()), null));
            }
        }
        try (TransferServer server = TransferServer.start(config)) {
            if (count == 0) {
                // Runs until killed: still remove temporary files of a message cut short.
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "receiver-close"));
            }
            out.println("PORT " + server.port());
            out.flush();
            for (int i = 0; count == 0 || i < count; i++) {
                TransferMessage m = server.listen();
                String where = m instanceof TransferMessage.File f ? f.path().toString() : m.kind().name();
                out.println("RECEIVED " + where + " " + m.size() + " " + m.sha256Hex());
                out.flush();
            }
        }
        return 0;
    }
}
