package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code courier kv user list}: prints the account ids, one per line, sorted. */
@Command(name = "list", description = "Print the account ids, one per line, sorted.")
final class KvUserListCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    KvUserCommand user;

    KvUserListCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        try {
            List<String> ids = user.accounts().ids();
            if (ids.isEmpty()) {
                io.err().println("no accounts in " + user.path());
            }
            ids.forEach(io.out()::println);
            return ExitCodes.OK;
        } catch (IOException e) {
            throw CliFailure.failure("cannot read " + user.path() + ": " + e.getMessage());
        }
    }
}
