package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.account.MailAccounts;
import dev.courier.mail.account.Passwords;
import dev.courier.mail.account.UserNames;
import dev.courier.mail.store.MailStoreConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code courier mail user}: the mail accounts, in the server's database. */
@Command(name = "user", subcommands = {MailUserAddCommand.class, MailUserPasswdCommand.class, MailUserDelCommand.class,
    MailUserListCommand.class},
        description = {"Manage the mail accounts in the mail database: <data-dir>/mail (H2), or --mail-db. Works "
                + "while a server runs on the same database. Passwords are kept only as salted PBKDF2 hashes."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, "1:the account exists (add) or does not (passwd, del)", ExitCodes.USAGE_HELP,
            "3:cannot open or use the database"})
final class MailUserCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    MailCommand mail;

    @Spec
    CommandSpec spec;

    @Option(names = "--mail-db", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Mail database: jdbc:postgresql://HOST:PORT/DB (default: H2 under <data-dir>/mail).")
    String mailDb;

    @Option(names = "--mail-db-user", paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "User of --mail-db.")
    String mailDbUser;

    @Option(names = "--mail-db-password-env", paramLabel = "VAR", scope = ScopeType.INHERIT,
            description = "Environment variable holding the password of --mail-db.")
    String mailDbPasswordEnv;

    MailUserCommand(Io io) {
        this.io = io;
    }

    /** The database the flags name. */
    MailStoreConfig store() {
        return MailStores.of(mail.dataDir(), mailDb, mailDbUser, mailDbPasswordEnv);
    }

    /** The canonical form of account {@code name}, or a usage error for it or for too few {@code iterations}. */
    static String checked(String name, int iterations) {
        String canonical;
        try {
            canonical = UserNames.require(name);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        }
        if (iterations < Passwords.MIN_ITERATIONS) {
            throw CliFailure.usage("--iterations must be at least " + Passwords.MIN_ITERATIONS);
        }
        return canonical;
    }

    /** A new password for {@code canonical}: asked twice on a terminal, else one line of standard input. */
    static char[] newPassword(Io io, String canonical) {
        try {
            return io.prompt() != null ? dev.courier.cli.Passwords.askNew(io.prompt(), "'" + canonical + "'")
                    : dev.courier.cli.Passwords.requireNonEmpty(dev.courier.cli.Passwords.readLine(io.in()));
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the password: " + e.getMessage());
        }
    }

    /** Opens the accounts with {@code iterations} for new passwords, runs {@code work}, closes them. */
    <T> T withAccounts(int iterations, Function<MailAccounts, T> work) {
        MailStoreConfig config = store();
        MailAccounts accounts;
        try {
            accounts = MailAccounts.open(config, iterations);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        } catch (RuntimeException e) {
            throw CliFailure.failure("cannot open the mail database " + config.describe() + ": " + e.getMessage());
        }
        try (accounts) {
            return work.apply(accounts);
        } catch (CliFailure | IllegalArgumentException | MailAccounts.AccountExistsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CliFailure.failure("the mail database " + config.describe() + " failed: " + e.getMessage());
        }
    }

    /** Where the accounts are, for messages. */
    String where() {
        return store().describe();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
