package dev.courier.cli.serve;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.core.config.Port;
import dev.courier.core.tls.CertificateStore;
import dev.courier.kv.KvLimits;
import dev.courier.kv.server.KvAuthMode;
import dev.courier.kv.server.KvServer;
import dev.courier.kv.server.KvServerConfig;
import dev.courier.kv.session.AccountsFile;
import dev.courier.mail.server.MailServer;
import dev.courier.mail.server.MailServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code courier serve}: starts every service in this build and runs until SIGTERM or SIGINT. */
@Command(name = "serve", sortOptions = false, showDefaultValues = true,
        description = {"Start every service in this build (today: KV and mail).",
            "Runs until SIGTERM or SIGINT, which stop accepting, let open connections finish their current "
                + "command, and exit with status 0.",
            "Every flag but --config can also be set in the settings file; flags override it.",
            "Sizes: 4096, 64KiB, 64MiB. Durations: seconds, or 250ms, 300s, 5m, 1h."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", ExitCodes.USAGE_HELP,
            "3:cannot start (port in use, unreadable data directory)"})
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

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
            description = "Where the self-signed certificate (tls/), the KV accounts (kv/accounts) and the mail "
                    + "database (mail/) live.")
    Path dataDir;

    @Option(names = "--kv-port", paramLabel = "PORT", defaultValue = "" + KvServerConfig.DEFAULT_PORT,
            description = "KV port (TLS edition): a number, 0 for any free port (logged), or off.")
    Port kvPort;

    @Option(names = "--kv-rsa-port", paramLabel = "PORT", defaultValue = "off",
            description = "KV legacy RSA edition port (not in this build yet: ignored).")
    Port kvRsaPort;

    @Option(names = "--mail-port", paramLabel = "PORT", defaultValue = "7403",
            description = "Mail port: a number, 0 for any free port (logged), or off.")
    Port mailPort;

    @Option(names = "--transfer-port", paramLabel = "PORT", defaultValue = "7404",
            description = "Transfer port (not in this build yet: ignored).")
    Port transferPort;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Certificate chain, PEM. With --tls-key; without both, a self-signed pair under "
                    + "<data-dir>/tls is made once and reused.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Private key, PEM (PKCS#1 or PKCS#8), unencrypted.")
    Path tlsKey;

    @Option(names = "--kv-mode", paramLabel = "MODE", defaultValue = "auto",
            description = "Who may CONNECT: auto (accounts if any, else open), open, or accounts.")
    KvAuthMode kvMode;

    @Mixin
    KvLimitOptions limits = new KvLimitOptions();

    @Mixin
    MailOptions mail = new MailOptions();

    private final SettingsFile settingsFile = new SettingsFile(() -> config);
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<Services> started = new CompletableFuture<>();

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
        if (!kvPort.enabled() && !mailPort.enabled()) {
            throw CliFailure.usage("nothing to serve: --kv-port and --mail-port are off");
        }
        logIgnored();
        EffectiveSettings.log(spec, settingsFile);
        CertificateStore certs = ServerCertificate.load(tlsCert, tlsKey, dataDir);
        MailServerConfig mailConfig = mailPort.enabled() ? MailService.config(mail, mailPort, bind, dataDir, certs)
                : null;
        // Installed before starting, so a signal during start-up also ends in a clean stop.
        StopSignals signals = StopSignals.install(this::stop);
        try {
            KvServer kv = kvPort.enabled() ? startKv(certs, limits) : null;
            MailServer mailServer;
            try {
                mailServer = mailConfig == null ? null : MailService.start(mailConfig, dataDir);
            } catch (RuntimeException | InterruptedException e) {
                if (kv != null) {
                    kv.close();
                }
                throw e;
            }
            try (Services services = new Services(kv, mailServer)) {
                LOG.info("ready: {}; stop with Ctrl-C or SIGTERM", services.describe());
                started.complete(services);
                stop.await();
                LOG.info("stopping: no new connections; open ones finish their current command");
            }
        } finally {
            signals.close();
        }
        LOG.info("stopped");
        return ExitCodes.OK;
    }

    /** The KV limits the flags and the settings file ask for. */
    public KvLimits kvLimits() {
        return limits.limits();
    }

    private KvServer startKv(CertificateStore certs, KvLimits limits) throws InterruptedException {
        try {
            Files.createDirectories(dataDir);
            return KvServer.start(new KvServerConfig(bind, kvPort.number(), certs, limits, kvMode,
                    AccountsFile.under(dataDir), Clock.systemUTC()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Netty reports a port in use as a checked exception it does not declare.
            throw CliFailure.failure("cannot start kv on " + bind + ":" + kvPort + ": " + e.getMessage());
        }
    }

    private void logIgnored() {
        ignoreIfGiven("--kv-rsa-port", kvRsaPort, "the KV legacy RSA edition");
        ignoreIfGiven("--transfer-port", transferPort, "the transfer service");
    }

    private void ignoreIfGiven(String flag, Port port, String service) {
        if (given(flag) && port.enabled()) {
            LOG.info("{} is not in this build: {} {} ignored", service, flag, port);
        }
    }

    private boolean given(String flag) {
        return spec.commandLine().getParseResult().hasMatchedOption(flag)
                || settingsFile.fromFile(flag.substring(2));
    }

}
