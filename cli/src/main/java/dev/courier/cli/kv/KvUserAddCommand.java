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

/** {@code courier kv user add ID}: adds an account; a taken id is refused (its password changes with passwd). */
@Command(name = "add", description = {"Add account ID; an existing one is refused (change its password with "
        + "'user passwd ID'). The password is asked twice without echo on a terminal, or read as one line from "
        + "standard input (for scripts).",
    "The first account turns a server on this data directory into accounts mode from its next start: only "
        + "accounts may CONNECT (unless it is started with --kv-mode open)."})
final class KvUserAddCommand implements Callable<Integer> {
    /** Said when the first account is added. */
    static final String FIRST_ACCOUNT_NOTE = "note: this is the first account: a server on this data directory "
            + "starts in accounts mode from now on (only accounts may CONNECT) unless started with --kv-mode open";

    private final Io io;

    @ParentCommand
    KvUserCommand user;

    @Parameters(index = "0", paramLabel = "ID", description = "The client id (ASCII, spaces allowed).")
    String id;

    @Option(names = "--salt", paramLabel = "HEX", converter = Converters.SaltConverter.class,
            description = "PBKDF2 salt, the same every client uses (default: the protocol's published test salt).")
    Salt salt;

    KvUserAddCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        KvUserIds.check(id);
        AccountsFile file = user.readable();
        // Refuse before asking for a password that would be thrown away; add() checks again as it writes.
        if (file.ids().contains(id)) {
            throw taken();
        }
        byte[] hash = KvNewPassword.hash(io, id, salt);
        try {
            if (!file.add(id, hash)) {
                throw taken();
            }
            io.out().println("added '" + id + "' in " + file.path());
            if (file.ids().size() == 1) {
                // The one surprise of the first account: it changes who may connect at all.
                io.err().println(FIRST_ACCOUNT_NOTE);
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            throw CliFailure.failure("cannot update " + user.path() + ": " + e.getMessage());
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    private CliFailure taken() {
        return new CliFailure(ExitCodes.REFUSED, "an account '" + id + "' exists in " + user.path()
                + " (change its password with 'courier kv user passwd " + id + "')");
    }
}
