package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ClientTrusts;
import dev.courier.cli.Converters;
import dev.courier.cli.Io;
import dev.courier.cli.Passwords;
import dev.courier.cli.Salt;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.kv.KvLimits;
import dev.courier.kv.client.KvClient;
import dev.courier.kv.client.KvClientConfig;
import dev.courier.kv.client.KvException;
import dev.courier.kv.protocol.KvDialect;
import dev.courier.kv.rsa.KvRsaClient;
import dev.courier.kv.rsa.KvRsaListener;
import dev.courier.kv.server.KvServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import picocli.CommandLine.Option;

/** How {@code courier kv} reaches a server and proves who it is. */
public final class ConnectionOptions {
    @Option(names = {"-h", "--host"}, paramLabel = "HOST", defaultValue = KvServerConfig.DEFAULT_HOST,
            description = "Server host; the certificate must name it (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "Server port (default: " + KvServerConfig.DEFAULT_PORT + ", or " + KvRsaListener.DEFAULT_PORT
                    + " with --rsa).")
    Integer port;

    @Option(names = "--rsa", description = "Speak the legacy RSA edition instead of TLS, to reach programs of that "
            + "edition. NOT secure: no certificate, no password, no integrity (docs/kv-rsa-edition.md).")
    boolean rsa;

    @Option(names = "--dialect", paramLabel = "DIALECT", defaultValue = "lf",
            description = "How messages are framed: lf (the spec's lines; default) or record (one message per TLS "
                    + "record or RSA block, no LF, one command at a time), to talk to the 2023 KV programs or "
                    + "'courier serve --kv-dialect record' (docs/kv-record-dialect.md).")
    KvDialect dialect;

    @Option(names = "--id", paramLabel = "ID", description = "Session id to CONNECT to (default: your user name).")
    String id;

    @Option(names = "--cacert", paramLabel = "PEM",
            description = "Trust this certificate (default: <data-dir>/tls/server.crt if it exists, else the "
                    + "system trust store).")
    Path cacert;

    @Option(names = "--insecure", description = "Do not check the server's certificate at all (anyone in the "
            + "middle can read and change everything).")
    boolean insecure;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from this variable.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from this file's "
            + "first line.")
    Path passwordFile;

    @Option(names = "--salt", paramLabel = "HEX", converter = Converters.SaltConverter.class,
            description = "PBKDF2 salt the server's accounts were made with (default: the protocol's test salt).")
    Salt salt;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Wait this long for the connection and each answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The session id: {@code --id}, else the OS user name. */
    String clientId() {
        return id != null ? id : System.getProperty("user.name", "courier");
    }

    /** The port: {@code -p}, else the edition's default. */
    int port() {
        return port != null ? port : rsa ? KvRsaListener.DEFAULT_PORT : KvServerConfig.DEFAULT_PORT;
    }

    /** Where the client is going, for messages. */
    String target() {
        return clientId() + "@" + host + ":" + port();
    }

    ClientTrust trust(Path dataDir, Io io) {
        return ClientTrusts.of(insecure, cacert, dataDir, host, "everything, password hash included", io);
    }

    char[] password(Io io, boolean stdinIsForCommands) {
        if (passwordEnv != null && passwordFile != null) {
            throw CliFailure.usage("give --password-env or --password-file, not both");
        }
        if (passwordEnv != null) {
            return Passwords.fromEnv(passwordEnv);
        }
        if (passwordFile != null) {
            return Passwords.fromFile(passwordFile);
        }
        if (io.prompt() == null) {
            throw CliFailure.usage("no terminal to ask for the password"
                    + (stdinIsForCommands ? " (standard input carries the commands)" : "")
                    + ": use --password-env VAR or --password-file FILE");
        }
        return Passwords.ask(io.prompt(), target());
    }

    /** The client configuration, asking for the password if no flag gives it. */
    KvClientConfig config(Path dataDir, Io io, boolean stdinIsForCommands) {
        String cid = clientId();
        KvUserIds.check(cid);
        if (timeout.isZero()) {
            throw CliFailure.usage("--timeout must be more than 0");
        }
        ClientTrust trust = trust(dataDir, io);
        char[] pw = password(io, stdinIsForCommands);
        byte[] hash;
        try {
            hash = Pbkdf2.kvHash(pw, Salt.orTest(salt));
        } finally {
            Arrays.fill(pw, '\0');
        }
        return new KvClientConfig(host, port(), trust, cid, hash, timeout, KvLimits.DEFAULT_MAX_MESSAGE_BYTES, dialect);
    }

    /**
     * Connects and CONNECTs, or fails with the exit status the failure calls for. {@code shell}: for the shell,
     * whose commands come on standard input when it is not a terminal.
     */
    KvClient connect(Path dataDir, Io io, boolean shell) {
        if (rsa) {
            return connectRsa(io, shell);
        }
        KvClientConfig config = config(dataDir, io, shell && !io.terminal());
        try {
            return KvClient.connect(config);
        } catch (KvException e) {
            throw KvFailures.of(e, this);
        }
    }

    private KvClient connectRsa(Io io, boolean shell) {
        if (insecure || cacert != null || passwordEnv != null || passwordFile != null || salt != null) {
            throw CliFailure.usage("--rsa has no certificate and no password: --cacert, --insecure, --password-env, "
                    + "--password-file and --salt do not apply");
        }
        String cid = clientId();
        KvUserIds.check(cid);
        if (timeout.isZero()) {
            throw CliFailure.usage("--timeout must be more than 0");
        }
        io.err().println("WARNING: --rsa: the legacy RSA edition is NOT secure: nothing checks the server's key and "
                + "there is no password, so anyone in the middle can read and change everything."
                + (shell ? "" : " Each one-shot command is a session of its own, erased when it ends."));
        io.err().flush();
        try {
            return KvRsaClient.connect(KvRsaClient.config(host, port(), cid).withTimeout(timeout).withDialect(dialect));
        } catch (KvException e) {
            throw KvFailures.of(e, this);
        }
    }
}
