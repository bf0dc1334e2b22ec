package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.ExitCodes;
import dev.courier.core.budget.MemoryBudget;
import dev.courier.core.config.Port;
import dev.courier.core.config.Portion;
import dev.courier.core.net.ConnectFailure;
import dev.courier.core.net.Drain;
import dev.courier.core.net.Transport;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.CertificateWatcher;
import dev.courier.kv.KvLimits;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.record.KvRecords;
import dev.courier.kv.server.KvAuthMode;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvServerConfig;
import dev.courier.kv.session.AccountsFile;
import dev.courier.mail.server.MailServerConfig;
import dev.courier.transfer.TransferLimits;
import dev.courier.transfer.server.SenderAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code courier serve}: starts every service in this build and runs until SIGTERM or SIGINT. */
@Command(name = "serve", sortOptions = false, showDefaultValues = true,
        description = {"Start every service in this build: KV (TLS edition; the legacy RSA edition only if "
                + "--kv-rsa-port is given), mail and transfer.",
            "Runs until SIGTERM or SIGINT, which stop accepting, let open connections finish their current "
                + "command or message (a file transfer included) for at most --shutdown-grace, cut what is still "
                + "running then (logged), and exit with status 0. A second signal exits at once.",
            "Every flag but --config can also be set in the settings file; flags override it.",
            "Sizes: 4096, 64KiB, 64MiB. Durations: seconds, or 250ms, 300s, 5m, 1h."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", ExitCodes.USAGE_HELP,
            "3:cannot start (port in use, unreadable data directory, --kv-rsa-port in accounts mode)"})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);
    /** The default of --shutdown-grace: {@link Drain#DEFAULT_GRACE}, as picocli needs a constant string. */
    static final String DEFAULT_SHUTDOWN_GRACE = "30s";
    /** Most event loop threads a service may be given. */
    public static final int MAX_IO_THREADS = 256;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "Settings file, Java properties; keys are the long flag names without dashes "
                    + "(kv-max-message=4096). Default: ./courier.properties if it exists.")
    Path config;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = KvServerConfig.DEFAULT_HOST,
            description = "Address to listen on. Open KV mode serves only loopback peers on another address.")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data",
            description = "Where the self-signed certificate (tls/), the KV accounts (kv/accounts) and sessions "
                    + "(kv/sessions/), the mail database (mail/) and the transfer inbox (inbox/) live.")
    Path dataDir;

    @Option(names = "--kv-port", paramLabel = "PORT", defaultValue = "" + KvServerConfig.DEFAULT_PORT,
            description = "KV port (TLS edition): a number, 0 for any free port (logged), or off.")
    Port kvPort;

    @Mixin
    KvRsaOptions rsa = new KvRsaOptions();

    @Option(names = "--mail-port", paramLabel = "PORT", defaultValue = "7403",
            description = "Mail port: a number, 0 for any free port (logged), or off.")
    Port mailPort;

    @Mixin
    TransferOptions transfer = new TransferOptions();

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Certificate chain, PEM, for KV (and transfer with --transfer-tls). With --tls-key; "
                    + "without both, a self-signed pair under <data-dir>/tls is made once and reused.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key, PEM (PKCS#1 or PKCS#8), unencrypted.")
    Path tlsKey;

    @Option(names = "--tls-reload-interval", paramLabel = "DURATION", defaultValue = "10s",
            converter = Converters.DurationConverter.class,
            description = "How often the certificate and key files are checked for a change (0 for never); a "
                    + "change, or SIGHUP, loads the new pair for new connections without dropping open ones (a bad "
                    + "pair is refused, logged, and the old one kept). Default: ${DEFAULT-VALUE}.")
    Duration tlsReloadInterval;

    @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
            description = "Event loop threads of each service: 0 (the default) for one per CPU but one, at least "
                    + "one; the spare CPU serves the network stack, the collector and clients on the same machine.")
    int ioThreads;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = Converters.ByteSizeConverter.class,
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "Memory budget of all services together (like Redis's maxmemory): KV data, transfer "
                    + "bodies held in memory and buffered requests are charged to it as their bytes arrive. "
                    + "When it is reached, KV answers PUT: ERROR and transfer spools to disk or refuses. Each "
                    + "service charges its share (--max-memory-per-service). "
                    + "Default: half the JVM's maximum heap (logged at start).")
    Long maxMemory;

    @Option(names = "--max-memory-per-service", paramLabel = "SIZE|PCT",
            converter = Converters.PortionConverter.class,
            defaultValue = "75%",
            description = "Most of --max-memory one service (KV, mail, transfer) may charge, a size or a percentage: "
                    + "a peer attacking one service leaves the rest to the others. Not applied when only one "
                    + "service runs.")
    Portion maxMemoryPerService;

    @Option(names = "--kv-mode", paramLabel = "MODE", defaultValue = "auto",
            description = "Who may CONNECT: auto (accounts if any, else open), open, or accounts.")
    KvAuthMode kvMode;

    @Option(names = "--kv-dialect", paramLabel = "DIALECT", defaultValue = "lf",
            description = "How both KV listeners frame messages: lf (the spec's lines; default) or record (one "
                    + "message per TLS record or RSA block, no LF, as the 2023 programs do; docs/kv-record-dialect.md). "
                    + "record allows --kv-max-message up to " + KvRecords.MAX_MESSAGE_BYTES + ".")
    KvDialect kvDialect;

    @Mixin
    KvStorageOptions storage = new KvStorageOptions();

    @Mixin
    KvLimitOptions limits = new KvLimitOptions();

    @Mixin
    MailOptions mail = new MailOptions();

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = DEFAULT_SHUTDOWN_GRACE,
            description = "On SIGTERM or SIGINT, how long connections in the middle of a command or message (a "
                    + "file transfer included) may take to finish it; what still runs then is cut, and each "
                    + "service logs what it cut. 0 cuts everything at once.")
    Duration shutdownGrace;

    @Mixin
    MetricsOptions metrics = new MetricsOptions();

    private final SettingsFile settingsFile = new SettingsFile(() -> config);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<Services> started = new CompletableFuture<>();
    private MemoryBudget budget;
    private final Map<String, MemoryBudget> shares = new LinkedHashMap<>();

    /** The settings file as picocli's default value provider (installed by {@code Cli}). */
    public SettingsFile settingsFile() {
        return settingsFile;
    }

    /** Completes with the running services once every listener is bound. */
    public CompletableFuture<Services> started() {
        return started;
    }

    /** Asks a running serve to stop, as SIGTERM does. */
    public void stop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        try {
            return serve();
        } finally {
            started.completeExceptionally(new IllegalStateException("serve ended without starting"));
        }
    }

    private Integer serve() throws InterruptedException {
        settingsFile.check(spec);
        KvLimits limits = kvLimits();
        if (ioThreads < 0 || ioThreads > MAX_IO_THREADS) {
            throw CliFailure.usage("--io-threads must be 0 (automatic) to " + MAX_IO_THREADS + ", not " + ioThreads);
        }
        if (ioThreads > 0) {
            // Read by every service's event loop group as it starts.
            System.setProperty(Transport.THREADS_PROPERTY, Integer.toString(ioThreads));
        }
        rsa.check(kvPort);
        if (kvDialect == KvDialect.RECORD && limits.maxMessageBytes() > KvRecords.MAX_MESSAGE_BYTES) {
            throw CliFailure.usage("--kv-dialect record allows --kv-max-message up to " + KvRecords.MAX_MESSAGE_BYTES
                    + " (a PUT record carries its key and its value and must fit one 16 KiB TLS record), not "
                    + limits.maxMessageBytes());
        }
        metrics.check();
        TransferLimits transferLimits = transfer.limits();
        SenderAuth transferAuth = transfer.enabled() ? transfer.auth(bind) : SenderAuth.OPEN;
        // Checked before anything starts, like the limits: a bad resume or tree limit is a usage error.
        transfer.extensions(dataDir);
        if (!kvPort.enabled() && !mailPort.enabled() && !transfer.enabled()) {
            throw CliFailure.usage("nothing to serve: --kv-port, --mail-port and --transfer-port are off");
        }
        EffectiveSettings.log(spec, settingsFile);
        budget = memoryBudget();
        shareBudget();
        OutOfMemoryPolicy.check();
        CertificateStore certs = ServerCertificate.load(tlsCert, tlsKey, dataDir);
        MailServerConfig mailConfig = mailPort.enabled() ? MailService.config(mail, mailPort, bind, dataDir, certs)
                .withBudget(budgetFor("mail")) : null;
        if (tlsReloadInterval.isNegative()) {
            throw CliFailure.usage("--tls-reload-interval must be 0 (never) or more, not " + tlsReloadInterval);
        }
        // Installed before starting, so a signal during start-up also ends in a clean stop.
        StopSignals signals = StopSignals.install(this::stop, shutdownGrace);
        CertificateWatcher watcher = CertificateWatcher.start(certs, transferAuth.clientCa(), tlsReloadInterval);
        ReloadSignal hup = ReloadSignal.install(() -> watcher.reload("SIGHUP"));
        try {
            Services services = start(certs, limits, mailConfig, transferLimits, transferAuth);
            try {
                LOG.info("ready: {}; stop with Ctrl-C or SIGTERM", services.describe());
                started.complete(services);
                stop.await();
                LOG.info("stopping: no new connections; open ones finish their current command or message "
                        + "within {} (--shutdown-grace)", Drain.words(shutdownGrace));
            } finally {
                services.close(shutdownGrace);
            }
        } finally {
            hup.close();
            watcher.close();
            signals.close();
        }
        LOG.info("stopped");
        return ExitCodes.OK;
    }

    /** Starts every service asked for, KV first (the RSA listener fronts it); on a failure closes those started. */
    private Services start(CertificateStore certs, KvLimits limits, MailServerConfig mailConfig,
            TransferLimits transferLimits, SenderAuth transferAuth) throws InterruptedException {
        Services services = new Services();
        try {
            if (kvPort.enabled()) {
                services.kv(startKv(certs, limits));
            }
            if (mailConfig != null) {
                services.mail(MailService.start(mailConfig, dataDir));
            }
            if (transfer.enabled()) {
                services.transfer(transfer.start(bind, dataDir, certs, transferLimits, budgetFor("transfer"),
                        transferAuth));
            }
            if (metrics.enabled()) {
                // Last: its readiness checks and counters read the services started above.
                services.metrics(metrics.start(services, budget));
            }
            return services;
        } catch (InterruptedException | RuntimeException e) {
            services.close();
            throw e;
        }
    }

    /** The one memory budget every service charges, from --max-memory or the default share of the heap. */
    private MemoryBudget memoryBudget() {
        long heap = Runtime.getRuntime().maxMemory();
        long limit = maxMemory != null ? maxMemory : MemoryBudget.defaultLimit();
        if (limit < 1) {
            throw CliFailure.usage("--max-memory must be at least 1 byte");
        }
        if (maxMemory != null && limit > heap) {
            LOG.warn("--max-memory {} is more than the JVM's maximum heap ({} bytes): a peer may drive the "
                    + "server out of memory; give Java a larger -Xmx (COURIER_JAVA_OPTS) or a smaller budget",
                    maxMemory, heap);
        }
        LOG.info("memory budget: {} MiB of a {} MiB heap (--max-memory)", limit >> 20, heap >> 20);
        return new MemoryBudget(limit);
    }

    /**
     * Gives each service that runs its share of the budget, capped at --max-memory-per-service (all of it when
     * only one runs), so that a peer filling one service's share leaves the rest to the others.
     */
    private void shareBudget() {
        shares.clear();
        Map<String, Boolean> services = new LinkedHashMap<>();
        services.put("kv", kvPort.enabled());
        services.put("mail", mailPort.enabled());
        services.put("transfer", transfer.enabled());
        long running = services.values().stream().filter(b -> b).count();
        long cap = running > 1 ? maxMemoryPerService.of(budget.limit()) : budget.limit();
        StringBuilder line = new StringBuilder();
        services.forEach((name, on) -> {
            if (on) {
                shares.put(name, budget.share(name, cap));
                line.append(line.isEmpty() ? "" : ", ").append(name);
            }
        });
        LOG.info("memory budget shares: {} may each charge at most {} MiB of the {} MiB budget "
                + "(--max-memory-per-service {}{})", line, cap >> 20, budget.limit() >> 20, maxMemoryPerService,
                running > 1 ? "" : "; only one service runs, so it may use all of it");
    }

    /**
     * The share of the memory budget {@code service} ({@code kv}, {@code mail} or {@code transfer}) charges: capped
     * at --max-memory-per-service of the whole, and charged to the whole as well. Null before serve starts or if
     * the service is off.
     */
    public MemoryBudget budgetFor(String service) {
        return shares.get(service);
    }

    /** The memory budget of the running services (null before they start). */
    public MemoryBudget budget() {
        return budget;
    }

    /** The KV limits the flags and the settings file ask for. */
    public KvLimits kvLimits() {
        return limits.limits();
    }

    private KvServer startKv(CertificateStore certs, KvLimits limits) throws InterruptedException {
        try {
            Files.createDirectories(dataDir);
            return KvServer.start(new KvServerConfig(bind, kvPort.number(), certs, limits, kvMode,
                    AccountsFile.under(dataDir), Clock.systemUTC(), budgetFor("kv"))
                    .withStorage(storage.storage(dataDir)).withRsa(rsa.config(bind)).withDialect(kvDialect));
        } catch (InterruptedException e) {
            throw e;
        } catch (IllegalStateException e) {
            if (rsa.enabled() && e.getMessage() != null && e.getMessage().contains("RSA edition")) {
                throw rsa.refused(e);
            }
            throw CliFailure.failure("cannot start kv: " + e.getMessage());
        } catch (java.io.IOException e) {
            throw CliFailure.failure("cannot start kv: " + e.getMessage());
        } catch (Exception e) {
            // Netty reports a port in use as a checked exception it does not declare.
            throw CliFailure.failure("cannot start kv on " + bind + ":" + kvPort + ": " + ConnectFailure.describe(e));
        }
    }
}
