package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Io;
import dev.courier.cli.Passwords;
import dev.courier.core.tls.CertificateStore;
import dev.courier.core.tls.TlsContexts.ClientTrust;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.server.MailServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How {@code courier mail} reaches a server and who logs in. */
public final class MailConnectionOptions {
    @Option(names = {"-h", "--host"}, paramLabel = "HOST", defaultValue = MailServerConfig.DEFAULT_HOST,
            description = "Server host; the certificate must name it (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "" + MailServerConfig.DEFAULT_PORT,
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Account to log in as (default: your OS "
            + "user name).")
    String user;

    @Option(names = "--cacert", paramLabel = "PEM",
            description = "Trust this certificate (default: <data-dir>/tls/server.crt if it exists, else the "
                    + "system trust store).")
    Path cacert;

    @Option(names = "--insecure", description = "Do not check the server's certificate at all (anyone in the "
            + "middle can read your password and mail).")
    boolean insecure;

    @Option(names = "--plaintext", description = "Speak the original's clear text (for a server started with "
            + "--mail-plaintext): password and mail cross the network readable.")
    boolean plaintext;

    @Option(names = "--password-env", paramLabel = "VAR", description = "Read the password from this variable.")
    String passwordEnv;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from this file's "
            + "first line.")
    Path passwordFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Wait this long for the connection and each answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** The account: {@code --user}, else the OS user name. */
    String userName() {
        return user != null ? user : System.getProperty("user.name", "courier");
    }

    /** Where the client is going, for prompts and messages. */
    String target() {
        return userName() + "@" + host + ":" + port;
    }

    /** Whether a password flag is given (else the password is asked on the terminal). */
    boolean passwordGiven() {
        return passwordEnv != null || passwordFile != null;
    }

    /** The client configuration; warns loudly for --insecure and --plaintext. */
    MailClientConfig config(Path dataDir, Io io) {
        if (timeout.isZero()) {
            throw CliFailure.usage("--timeout must be more than 0");
        }
        if (plaintext && (insecure || cacert != null)) {
            throw CliFailure.usage("--plaintext has no certificate to check: drop --insecure and --cacert");
        }
        if (plaintext) {
            io.err().println("WARNING: --plaintext: your password and your mail cross the network in clear text.");
            return MailClientConfig.plaintext(host, port).withTimeout(timeout);
        }
        return MailClientConfig.tls(host, port, trust(dataDir, io)).withTimeout(timeout);
    }

    private ClientTrust trust(Path dataDir, Io io) {
        if (insecure) {
            io.err().println("WARNING: --insecure: the server's certificate is NOT checked. Anyone between you and "
                    + host + " can read and change everything, your password included.");
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

    /** The password from a flag, else asked without echo; a usage error if there is no way to get it. */
    char[] password(Io io, boolean stdinIsForCommands) {
        if (passwordEnv != null && passwordFile != null) {
            throw CliFailure.usage("give --password-env or --password-file, not both");
        }
        if (passwordEnv != null) {
            return Passwords.requireNonEmpty(Passwords.fromEnv(passwordEnv));
        }
        if (passwordFile != null) {
            return Passwords.requireNonEmpty(Passwords.fromFile(passwordFile));
        }
        if (io.prompt() == null) {
            throw CliFailure.usage("no terminal to ask for the password"
                    + (stdinIsForCommands ? " (standard input carries the commands)" : "")
                    + ": use --password-env VAR or --password-file FILE");
        }
        return Passwords.ask(io.prompt(), target());
    }
}
