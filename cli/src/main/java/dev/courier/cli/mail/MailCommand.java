package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.client.MailClient;
import dev.courier.mail.client.MailClientConfig;
import dev.courier.mail.client.MailException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code courier mail}: the mail client, one command per call, or an interactive shell without one. */
@Command(name = "mail", sortOptions = false,
        subcommands = {MailSendCommand.class, MailCountCommand.class, MailDumpCommand.class,
            MailGetMsgCommand.class, MailDelMsgCommand.class, MailUserCommand.class},
        description = {"Mail client: one command, or an interactive shell.",
            "With a command (send, count, dump, getmsg, delmsg) it logs in, runs that one, logs off and exits. "
                + "Without one it logs in and starts a shell (help, email, count, dump, getmsg, delmsg, logoff); "
                + "it reads commands line by line when standard input is not a terminal.",
            "The password is asked without echo, or read with --password-env / --password-file. "
                + "Note: -h is --host; help is --help."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, "1:the server answered ERR (login refused, no such user or subject, a "
                + "limit)", ExitCodes.USAGE_HELP, "3:connection, TLS or integrity failure (a reply failed its "
                + "checksum, or KO three times)"})
public final class MailCommand implements Callable<Integer> {
    /** Logins a person at a terminal may try before the shell gives up. */
    static final int LOGIN_TRIES = 3;

    private final Io io;

    @Mixin
    MailConnectionOptions conn = new MailConnectionOptions();

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./data", scope = ScopeType.INHERIT,
            description = "Data directory: its tls/server.crt is trusted by default, its mail/ database is what "
                    + "'user' manages (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    MailCommand(Io io) {
        this.io = io;
    }

    /** The streams of this run. */
    Io io() {
        return io;
    }

    /** The connection flags. */
    MailConnectionOptions conn() {
        return conn;
    }

    /** The data directory. */
    Path dataDir() {
        return dataDir;
    }

    /** A blocking operation on a logged-in client. */
    @FunctionalInterface
    interface SessionWork<T> {
        /** Runs on {@code client}. */
        T run(MailClient client) throws MailException;
    }

    /**
     * For a one-shot command: asks for the password, connects, logs in, runs {@code work}, logs off. A failure
     * ends the command with the exit status it calls for.
     */
    <T> T withSession(SessionWork<T> work) {
        MailClientConfig config = conn.config(dataDir, io);
        char[] pw = conn.password(io, false);
        MailClient client;
        try {
            client = MailClient.connect(config);
        } catch (MailException e) {
            Arrays.fill(pw, '\0');
            throw MailFailures.of(e, conn);
        }
        try (client) {
            login(client, pw);
            T result;
            try {
                result = work.run(client);
            } catch (MailException e) {
                if (e.reason() == MailException.Reason.ERROR_REPLY) {
                    logoffQuietly(client);
                }
                throw e;
            }
            logoffQuietly(client);
            return result;
        } catch (MailException e) {
            throw MailFailures.of(e, conn);
        }
    }

    /** Logs in with {@code pw}, wiping it afterwards. */
    void login(MailClient client, char[] pw) throws MailException {
        try {
            client.login(conn.userName(), new String(pw));
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static void logoffQuietly(MailClient client) {
        try {
            client.logoff();
        } catch (MailException e) {
            // The session ends at its timeout anyway; the command's own result is what counts.
        }
    }

    @Override
    public Integer call() throws IOException {
        MailClientConfig config = conn.config(dataDir, io);
        char[] pw = conn.password(io, !io.terminal());
        MailClient client;
        try {
            client = MailClient.connect(config);
        } catch (MailException e) {
            Arrays.fill(pw, '\0');
            throw MailFailures.of(e, conn);
        }
        try (client) {
            shellLogin(client, pw);
            try (MailLines lines = io.terminal() ? JLineMailLines.open(conn.target()) : MailLines.of(io.in())) {
                return new MailShell(client, lines, io, conn).run();
            }
        }
    }

    /** Logs in; at a terminal, a refused password is asked again, up to {@link #LOGIN_TRIES} tries in all. */
    private void shellLogin(MailClient client, char[] first) {
        char[] pw = first;
        for (int attempt = 1; ; attempt++) {
            try {
                login(client, pw);
                return;
            } catch (MailException e) {
                boolean again = e.reason() == MailException.Reason.ERROR_REPLY && !conn.passwordGiven()
                        && io.prompt() != null && attempt < LOGIN_TRIES;
                if (!again) {
                    throw MailFailures.of(e, conn);
                }
                io.err().println("error: " + MailFailures.message(e, conn));
                pw = conn.password(io, false);
            }
        }
    }
}
