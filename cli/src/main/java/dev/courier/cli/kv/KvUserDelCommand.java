package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier kv user del ID}: removes an account. */
@Command(name = "del", description = "Remove account ID (its sessions on a running server are not touched).")
final class KvUserDelCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    KvUserCommand user;

    @Parameters(index = "0", paramLabel = "ID", description = "The client id.")
    String id;

    KvUserDelCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        try {
            if (!user.accounts().remove(id)) {
                throw new CliFailure(ExitCodes.REFUSED, "no account '" + id + "' in " + user.path());
            }
            io.out().println("removed '" + id + "' from " + user.path());
            return ExitCodes.OK;
        } catch (IOException e) {
            throw CliFailure.failure("cannot update " + user.path() + ": " + e.getMessage());
        }
    }
}
