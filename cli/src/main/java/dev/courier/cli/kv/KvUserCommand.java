package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.kv.session.AccountsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code courier kv user}: the accounts of accounts mode, kept in {@code <data-dir>/kv/accounts}. */
@Command(name = "user", subcommands = {KvUserAddCommand.class, KvUserPasswdCommand.class, KvUserDelCommand.class,
    KvUserListCommand.class},
        description = {"Manage the accounts of accounts mode in <data-dir>/kv/accounts. Only a salted digest of "
                + "each password hash is stored. A running server sees changes within a second."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.OK_HELP, "1:the account exists (add) or does not (passwd, del)", ExitCodes.USAGE_HELP,
            "3:cannot read or write the accounts file"})
final class KvUserCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    KvCommand kv;

    @Spec
    CommandSpec spec;

    KvUserCommand(Io io) {
        this.io = io;
    }

    /** The accounts file under the data directory. */
    AccountsFile accounts() throws IOException {
        return AccountsFile.open(path(), Clock.systemUTC());
    }

    /** The accounts file, or a one-line failure saying it cannot be read. */
    AccountsFile readable() {
        try {
            return accounts();
        } catch (IOException e) {
            throw CliFailure.failure("cannot read " + path() + ": " + e.getMessage());
        }
    }

    /** Where the accounts file is. */
    Path path() {
        return AccountsFile.under(kv.dataDir());
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(io.err());
        return ExitCodes.USAGE;
    }
}
