package dev.courier.cli.transfer;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.serve.ServerCertificate;
import dev.courier.cli.serve.StopSignals;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.config.Port;
import dev.courier.core.net.ConnectFailure;
import dev.courier.transfer.TransferException;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.TransferToken;
import dev.courier.transfer.server.ExtensionSettings;
import dev.courier.transfer.server.SenderAuth;
import dev.courier.transfer.store.PartialStore;
import dev.courier.transfer.server.TransferServer;
import dev.courier.transfer.server.TransferServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courier receive}: a standalone transfer receiver that prints what arrives. */
@Command(name = "receive", sortOptions = false, showDefaultValues = true,
        description = {"Receive texts, JSON documents and files sent with courier send, until Ctrl-C or SIGTERM "
                + "(or --count messages).",
            "Standard output gets each message: a text as it is, a JSON document pretty-printed, a file as the path "
                + "it landed at. Standard error gets one line per message: kind, size and SHA-256."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped by Ctrl-C or SIGTERM, or --count messages received", "2:bad usage or bad value",
            "3:cannot start (port in use, directory not writable)"})
public final class ReceiveCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiveCommand.class);

    private final Io io;
    private final CompletableFuture<TransferServer> started = new CompletableFuture<>();
    private volatile TransferServer server;
    private volatile boolean stopping;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = TransferServerConfig.DEFAULT_HOST,
            description = "Address to listen on.")
    String bind;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + TransferServerConfig.DEFAULT_PORT,
            description = "Port: a number, or 0 for any free port (logged).")
    Port port;

    @Option(names = "--dir", paramLabel = "DIR", required = true, description = "Where files land (created if "
            + "missing).")
    Path dir;

    @Option(names = "--overwrite", description = "A file replaces one of the same name (otherwise it lands as "
            + "'name (1).ext').")
    boolean overwrite;

    @Option(names = "--count", paramLabel = "K", description = "Exit after K messages (default: run until stopped).")
    Integer count;

    @Option(names = "--tls", description = "Speak TLS (senders: courier send --tls).")
    boolean tls;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "With --tls: certificate chain, PEM. With "
            + "--tls-key; without both, the self-signed pair under <data-dir>/tls is made once and reused.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "With --tls: private key, PEM, unencrypted.")
    Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "PEM", description = "With --tls: senders need a client certificate "
            + "signed by a CA in this PEM file (courier send --cert/--key; courier transfer cert issue makes them).")
    Path clientCa;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Senders must give the token this file holds "
            + "(courier send --token-file); at least " + TransferToken.MIN_CHARS + " characters; never logged. Needs "
            + "--tls unless --insecure-token.")
    Path tokenFile;

    @Option(names = "--insecure-token", description = "Allow --token-file without --tls: the token then crosses "
            + "the network in the clear.")
    boolean insecureToken;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Where the self-signed certificate lives with --tls and no --tls-cert (tls/), and cut "
                    + "files are kept for resuming (transfer-partial/).")
    Path dataDir;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            defaultValue = "64GiB", description = "Largest message accepted; larger is refused with ERR.")
    long maxSize;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long to wait for a sender's next bytes.")
    Duration idleTimeout;

    @Option(names = "--resume-window", paramLabel = "DURATION", defaultValue = "24h",
            description = "How long a cut file is kept (under <data-dir>/transfer-partial, never in --dir) for the "
                    + "same sender to resume it.")
    Duration resumeWindow;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "Memory budget: texts and JSON documents held in memory, chunks asked for and messages "
                    + "not yet printed are charged to it as their bytes arrive; when it is reached, bodies are "
                    + "spooled to disk or refused with ERR. Default: half the JVM's maximum heap.")
    Long maxMemory;

    ReceiveCommand(Io io) {
        this.io = io;
    }

    /** Completes with the running receiver once it listens. */
    public CompletableFuture<TransferServer> started() {
        return started;
    }

    /** Stops receiving, as Ctrl-C does. */
    public void stop() {
        stopping = true;
        TransferServer s = server;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        try {
            return receive();
        } finally {
            started.completeExceptionally(new IllegalStateException("receive ended without starting"));
        }
    }

    private Integer receive() throws InterruptedException {
        if (!port.enabled()) {
            throw CliFailure.usage("--port off: nothing to receive on");
        }
        if (count != null && count < 1) {
            throw CliFailure.usage("--count must be at least 1, was " + count);
        }
        if (!tls && (tlsCert != null || tlsKey != null)) {
            throw CliFailure.usage("--tls-cert and --tls-key go with --tls");
        }
        if (!tls && clientCa != null) {
            throw CliFailure.usage("--client-ca needs --tls: client certificates travel in the TLS handshake");
        }
        if (!tls && tokenFile != null && !insecureToken) {
            throw CliFailure.usage("--token-file without --tls would let anyone on the path read the token: add "
                    + "--tls (or --insecure-token to accept that)");
        }
        SenderAuth auth = new SenderAuth(AuthFiles.clientCa(clientCa, "--client-ca"),
                AuthFiles.token(tokenFile, "--token-file"));
        TransferServerConfig config = TransferServerConfig.of(dir).withHost(bind).withPort(port.number())
                .withLimits(limits()).withOverwrite(overwrite).withBudget(budget()).withExtensions(extensions())
                .withTls(tls ? ServerCertificate.load(tlsCert, tlsKey, dataDir) : null).withAuth(auth);
        StopSignals signals = StopSignals.install(this::stop, java.time.Duration.ZERO);
        try (TransferServer s = start(config)) {
            server = s;
            if (stopping) {
                // A signal came while starting.
                s.close();
            }
            LOG.info("receiving on {} ({}, {}) into {}; stop with Ctrl-C", s.address(), tls ? "TLS" : "plain TCP",
                    auth.describe(), config.directory().toAbsolutePath().normalize());
            if (auth.open() && !Received.isLoopback(bind)) {
                LOG.warn("anyone who reaches {} can send to this receiver; --client-ca (with --tls) or --token-file "
                        + "lets only your senders in", bind);
            }
            started.complete(s);
            for (int n = 0; count == null || n < count; n++) {
                Received.print(s.listen(), io);
            }
        } catch (TransferException e) {
            // listen() ends this way once stop() closed the receiver.
            LOG.debug("receiver closed: {}", e.getMessage());
        } finally {
            signals.close();
        }
        return ExitCodes.OK;
    }

    private MemoryBudget budget() {
        long limit = maxMemory != null ? maxMemory : MemoryBudget.defaultLimit();
        if (limit < 1) {
            throw CliFailure.usage("--max-memory must be at least 1 byte");
        }
        return new MemoryBudget(limit);
    }

    private ExtensionSettings extensions() {
        try {
            return ExtensionSettings.defaults().withPartialDirectory(dataDir.resolve("transfer-partial"))
                    .withPartials(PartialStore.Settings.defaults().withWindow(resumeWindow));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad --resume-window: " + e.getMessage());
        }
    }

    private TransferLimits limits() {
        try {
            return TransferLimits.defaults().withMaxSize(maxSize).withIdleTimeout(idleTimeout);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("bad limits: " + e.getMessage());
        }
    }

    private static TransferServer start(TransferServerConfig config) throws InterruptedException {
        try {
            return TransferServer.start(config);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw CliFailure.failure("cannot receive on " + config.host() + ":" + config.port() + " into "
                    + config.directory() + ": " + ConnectFailure.describe(e));
        }
    }
}
