package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.Salt;
import dev.courier.kv.session.AccountsFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier kv user passwd ID}: changes the password of an existing account. */
@Command(name = "passwd", description = {"Change the password of account ID; an unknown ID is refused. The "
        + "password is asked twice without echo on a terminal, or read as one line from standard input. A running "
        + "server takes it within a second; a session already connected keeps its connection."})
final class KvUserPasswdCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    KvUserCommand user;

    @Parameters(index = "0", paramLabel = "ID", description = "The client id.")
    String id;

    @Option(names = "--salt", paramLabel = "HEX", converter = Converters.SaltConverter.class,
            description = "PBKDF2 salt, the same every client uses (default: the protocol's published test salt).")
    Salt salt;

    KvUserPasswdCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        KvUserIds.check(id);
        AccountsFile file = user.readable();
        if (!file.ids().contains(id)) {
            throw missing();
        }
        byte[] hash = KvNewPassword.hash(io, id, salt);
        try {
            if (!file.change(id, hash)) {
                throw missing();
            }
            io.out().println("changed the password of '" + id + "' in " + file.path());
            return ExitCodes.OK;
        } catch (IOException e) {
            throw CliFailure.failure("cannot update " + user.path() + ": " + e.getMessage());
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    private CliFailure missing() {
        return new CliFailure(ExitCodes.REFUSED, "no account '" + id + "' in " + user.path()
                + " (add it with 'courier kv user add " + id + "')");
    }
}
