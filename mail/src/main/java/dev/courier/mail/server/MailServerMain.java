package dev.courier.mail.server;

import dev.courier.core.tls.CertificateStore;
import dev.courier.mail.store.JdbcMailStore;
import dev.courier.mail.store.MailStore;
import dev.courier.mail.store.MailStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

/**
 * A bare entry point that runs one mail server until the process ends (the {@code courier} command is the
 * friendly one). Flags: {@code --data-dir DIR} (required: H2 store and self-signed certificate under it),
 * {@code --jdbc-url URL} (PostgreSQL instead), {@code --host H}, {@code --port N} (default 7403, 0 for any),
 * {@code --plaintext}, {@code --port-file FILE} (the bound port is written there once listening),
 * {@code --max-sends-per-minute N}.
 */
public final class MailServerMain {
    private MailServerMain() {
    }

    /** Runs a server from the flags and waits forever. */
    public static void main(String[] args) throws Exception {
        MailServer server = start(args, UnaryOperator.identity());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "mail-shutdown"));
        new CountDownLatch(1).await();
    }

    /** Starts a server from the flags; {@code wrap} may put a decorator around the store (tests). */
    public static MailServer start(String[] args, UnaryOperator<MailStore> wrap) throws IOException,
            InterruptedException {
        Path dataDir = null;
        String jdbcUrl = null;
        String host = MailServerConfig.DEFAULT_HOST;
        int port = MailServerConfig.DEFAULT_PORT;
        boolean plaintext = false;
        Path portFile = null;
        Integer sendsPerMinute = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--jdbc-url" -> jdbcUrl = value(args, ++i, a);
                case "--host" -> host = value(args, ++i, a);
                case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                case "--plaintext" -> plaintext = true;
                case "--port-file" -> portFile = Path.of(value(args, ++i, a));
                case "--max-sends-per-minute" -> sendsPerMinute = Integer.parseInt(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown flag " + a);
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is required");
        }
        MailStoreConfig storeConfig = jdbcUrl != null ? MailStoreConfig.forUrl(jdbcUrl)
                : MailStoreConfig.forDataDir(dataDir);
        MailServerConfig config = plaintext ? MailServerConfig.plaintext(port, storeConfig)
                : MailServerConfig.tls(port, CertificateStore.selfSigned(dataDir.resolve("tls")), storeConfig);
        config = config.withHost(host);
        if (sendsPerMinute != null) {
            config = config.withLimits(config.limits().withMaxSendsPerMinute(sendsPerMinute));
        }
        int connections = Math.max(storeConfig.poolSize(), config.storeSettings().connections());
        MailStore store = wrap.apply(JdbcMailStore.open(storeConfig.withPoolSize(connections)));
        MailServer server = MailServer.start(config, store);
        if (portFile != null) {
            Path tmp = Files.createTempFile(portFile.toAbsolutePath().getParent(), "port", ".tmp");
            Files.writeString(tmp, Integer.toString(server.port()), StandardCharsets.US_ASCII);
            Files.move(tmp, portFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return server;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }
}
