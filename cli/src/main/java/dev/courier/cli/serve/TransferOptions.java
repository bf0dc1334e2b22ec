package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.transfer.AuthFiles;
import dev.courier.cli.transfer.Received;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.config.Port;
import dev.courier.core.net.ConnectFailure;
import dev.courier.core.tls.CertificateStore;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.TransferToken;
import dev.courier.transfer.server.ExtensionSettings;
import dev.courier.transfer.server.SenderAuth;
import dev.courier.transfer.store.PartialStore;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.TransferServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Serve's flags for the transfer receiver (spec transfer.md sections 1 and 5), and its start. */
final class TransferOptions {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** Where cut resumable files are kept, under the data directory. */
    static final String PARTIAL_DIR = "transfer-partial";

    @Option(names = "--transfer-port", paramLabel = "PORT", defaultValue = "" + TransferServerConfig.DEFAULT_PORT,
            description = "Transfer port: a number, 0 for any free port (logged), or off.")
    Port transferPort;

    @Option(names = "--transfer-dir", paramLabel = "DIR",
            description = "Where received files land (default: <data-dir>/inbox).")
    Path transferDir;

    @Option(names = "--transfer-tls", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "false",
            description = "Speak TLS on the transfer port, with the KV certificate (senders: courier send --tls). "
                    + "Plain TCP by default, as the protocol says.")
    boolean transferTls;

    @Option(names = "--transfer-client-ca", paramLabel = "PEM",
            description = "Mutual TLS: senders need a client certificate signed by a CA in this PEM file (needs "
                    + "--transfer-tls; courier transfer cert issue makes both). Reloaded with the certificate.")
    Path transferClientCa;

    @Option(names = "--transfer-token-file", paramLabel = "FILE",
            description = "Senders must give the token this file holds (courier send --token-file), before any "
                    + "body byte is taken; at least " + TransferToken.MIN_CHARS + " characters; never logged.")
    Path transferTokenFile;

    @Option(names = "--insecure-token", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "false",
            description = "Allow --transfer-token-file without --transfer-tls: the token then crosses the network "
                    + "in the clear.")
    boolean insecureToken;

    @Option(names = "--transfer-open", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "false",
            description = "On a --bind other than loopback, let any sender in, with neither --transfer-client-ca "
                    + "nor --transfer-token-file (refused to start otherwise).")
    boolean transferOpen;

    @Option(names = "--transfer-overwrite", paramLabel = "BOOLEAN", arity = "0..1", defaultValue = "false",
            description = "A file replaces one of the same name (otherwise it lands as 'name (1).ext').")
    boolean transferOverwrite;

    @Option(names = "--transfer-max-size", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "64GiB", description = "Largest message accepted (never more than the free disk); "
                    + "larger is refused with ERR.")
    long transferMaxSize;

    @Option(names = "--transfer-idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long the receiver waits for a sender's next bytes.")
    Duration transferIdleTimeout;

    @Option(names = "--transfer-header-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "A deadline, not an idle timer: a frame header (and the first frame, from connecting) "
                    + "must be complete within it however its bytes trickle; a late sender is answered ERR too slow.")
    Duration transferHeaderTimeout;

    @Option(names = "--transfer-min-rate", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "" + TransferLimits.DEFAULT_MIN_BODY_RATE,
            description = "Slowest a chunk may arrive, in bytes per second: a chunk of n bytes must be complete "
                    + "within the header timeout + n / this; slower senders are answered ERR too slow.")
    long transferMinRate;

    @Option(names = "--transfer-max-connections", paramLabel = "N",
            defaultValue = "" + TransferLimits.DEFAULT_MAX_CONNECTIONS,
            description = "Open transfer connections; more are answered ERR and closed (over TLS: closed).")
    int transferMaxConnections;

    @Option(names = "--transfer-max-connections-per-address", paramLabel = "N",
            defaultValue = "" + TransferLimits.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            description = "Open transfer connections from one address (IPv6: one /64); more are answered ERR and "
                    + "closed (over TLS: closed).")
    int transferMaxConnectionsPerAddress;

    @Option(names = "--transfer-max-text", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "4MiB", description = "Largest text or JSON message, and largest body held in memory "
                    + "(charged to --max-memory as it arrives; spooled to disk when the budget is reached). Larger "
                    + "bodies are streamed to disk and may only be files.")
    long transferMaxText;

    @Option(names = "--transfer-max-nacks", paramLabel = "N", defaultValue = "" + TransferLimits.DEFAULT_MAX_NACKS,
            description = "NACKs for one message before the receiver gives up with ERR.")
    int transferMaxNacks;

    @Option(names = "--transfer-max-chunk", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "1MiB", description = "Largest chunk the receiver asks a sender for.")
    long transferMaxChunk;

    @Option(names = "--transfer-resume-window", paramLabel = "DURATION",
            defaultValue = "24h", description = "How long a cut file is kept (under <data-dir>/transfer-partial, "
                    + "never in the inbox) for the same sender to resume it.")
    Duration transferResumeWindow;

    @Option(names = "--transfer-max-partials", paramLabel = "N",
            defaultValue = "" + PartialStore.Settings.DEFAULT_MAX_TOTAL,
            description = "Cut files kept for resuming, in all; past it a new file is received without being kept.")
    int transferMaxPartials;

    @Option(names = "--transfer-max-partials-per-sender", paramLabel = "N",
            defaultValue = "" + PartialStore.Settings.DEFAULT_MAX_PER_SENDER,
            description = "Cut files kept for one sender; a new one past it drops that sender's oldest.")
    int transferMaxPartialsPerSender;

    @Option(names = "--transfer-max-partial-bytes-per-sender", paramLabel = "SIZE",
            converter = Converters.ByteSizeConverter.class, defaultValue = "64GiB",
            description = "Cut files kept for one sender, their sizes added up; a new one past it drops that "
                    + "sender's oldest, and a file larger than SIZE alone is received without being kept.")
    long transferMaxPartialBytesPerSender;

    @Option(names = "--transfer-partial-sync", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "64MiB", description = "A resumable file is synced, and its verified length recorded, "
                    + "every SIZE bytes (and at least every 5 s): what a crash can lose.")
    long transferPartialSync;

    @Option(names = "--transfer-max-depth", paramLabel = "N",
            defaultValue = "" + ExtensionSettings.DEFAULT_MAX_TREE_DEPTH,
            description = "Folders a path in a sent folder tree may go down below its root.")
    int transferMaxDepth;

    @Option(names = "--transfer-max-tree-files", paramLabel = "N",
            defaultValue = "" + ExtensionSettings.DEFAULT_MAX_TREE_FILES,
            description = "Files one sent folder tree may hold.")
    int transferMaxTreeFiles;

    /** Whether the receiver is asked for. */
    boolean enabled() {
        return transferPort.enabled();
    }

    /** The limits these flags ask for; a usage error if they are not usable. */
    TransferLimits limits() {
        if (transferMaxChunk > Integer.MAX_VALUE) {
            throw CliFailure.usage("--transfer-max-chunk is too large: " + transferMaxChunk);
        }
        if (transferMaxText > TransferLimits.MAX_ARRAY_BYTES) {
            throw CliFailure.usage("--transfer-max-text is too large: " + transferMaxText);
        }
        try {
            return TransferLimits.defaults().withMaxSize(transferMaxSize).withIdleTimeout(transferIdleTimeout)
                    .withMaxConnections(transferMaxConnections).withMaxNacks(transferMaxNacks)
                    .withMaxChunkBytes((int) transferMaxChunk).withHeaderTimeout(transferHeaderTimeout)
                    .withMinBodyRate(transferMinRate).withMaxConnectionsPerAddress(transferMaxConnectionsPerAddress)
                    .withMaxTextBytes((int) transferMaxText);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad transfer limits: " + e.getMessage());
        }
    }

    /**
     * Which senders the receiver lets in, from the flags; a usage error when they do not fit together: a client
     * CA without TLS, a token on plain TCP without --insecure-token, a file that cannot be read, or (protected
     * mode) neither on a non-loopback {@code bind} without --transfer-open.
     */
    SenderAuth auth(String bind) {
        if (transferClientCa != null && !transferTls) {
            throw CliFailure.usage("--transfer-client-ca needs --transfer-tls: client certificates travel in the "
                    + "TLS handshake");
        }
        if (transferTokenFile != null && !transferTls && !insecureToken) {
            throw CliFailure.usage("--transfer-token-file without --transfer-tls would let anyone on the path read "
                    + "the token: add --transfer-tls (or --insecure-token to accept that)");
        }
        if (transferClientCa == null && transferTokenFile == null && !transferOpen && !Received.isLoopback(bind)) {
            throw CliFailure.usage("transfer on " + bind + " would let anyone who reaches it drop files into "
                    + "the inbox: give --transfer-client-ca FILE (with --transfer-tls), or --transfer-token-file "
                    + "FILE, or --transfer-open to allow any sender");
        }
        return new SenderAuth(AuthFiles.clientCa(transferClientCa, "--transfer-client-ca"),
                AuthFiles.token(transferTokenFile, "--transfer-token-file"));
    }

    /** What RESUME and TREE may do: partials under {@code <data-dir>/transfer-partial}, the tree limits. */
    ExtensionSettings extensions(Path dataDir) {
        try {
            return ExtensionSettings.defaults().withPartialDirectory(dataDir.resolve(PARTIAL_DIR))
                    .withPartials(PartialStore.Settings.defaults().withWindow(transferResumeWindow)
                            .withMax(transferMaxPartialsPerSender, transferMaxPartials)
                            .withSyncEveryBytes(transferPartialSync)
                            .withMaxBytesPerSender(transferMaxPartialBytesPerSender))
                    .withTreeLimits(transferMaxDepth, transferMaxTreeFiles);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad transfer limits: " + e.getMessage());
        }
    }

    /** Where files land. */
    Path directory(Path dataDir) {
        return transferDir != null ? transferDir : dataDir.resolve("inbox");
    }

    /**
     * Starts the receiver charging serve's one memory budget, logging every message it delivers; exit status 3 when
     * it cannot start.
     */
    TransferServer start(String bind, Path dataDir, CertificateStore certs, TransferLimits limits,
                         MemoryBudget budget, SenderAuth auth) throws InterruptedException {
        Path dir = directory(dataDir);
        TransferServer server;
        try {
            server = TransferServer.start(TransferServerConfig.of(dir).withHost(bind).withPort(transferPort.number())
                    .withTls(transferTls ? certs : null).withLimits(limits).withOverwrite(transferOverwrite)
                    .withBudget(budget).withAuth(auth).withExtensions(extensions(dataDir)));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw CliFailure.failure("cannot start transfer on " + bind + ":" + transferPort + " into " + dir + ": "
                    + ConnectFailure.describe(e));
        }
        if (!transferTls && !Received.isLoopback(bind)) {
            LOG.warn("transfer: plain TCP on {}: anyone on the path can read what senders send{}; consider "
                    + "--transfer-tls", bind, auth.token() != null ? ", the token included" : "");
        }
        server.listen(m -> LOG.info("transfer: received {}", Received.describe(m)));
        return server;
    }
}
