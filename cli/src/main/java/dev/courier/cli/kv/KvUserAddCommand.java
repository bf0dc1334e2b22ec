package dev.courier.cli.kv;

import dev.courier.cli.CliFailure;
import dev.courier.cli.Converters;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.cli.Passwords;
import dev.courier.cli.Salt;
import dev.courier.core.auth.Pbkdf2;
import dev.courier.kv.session.AccountsFile;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier kv user add ID}: adds an account or changes its password. */
@Command(name = "add", description = {"Add account ID, or change its password. The password is asked twice "
        + "without echo on a terminal, or read as one line from standard input (for scripts)."})
final class KvUserAddCommand implements Callable<Integer> {
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
        if (salt == null) {
            io.err().println("warning: using the protocol's published test salt; production should choose its own "
                    + "with --salt HEX (and give clients the same --salt)");
        }
        char[] pw;
        try {
            pw = io.prompt() != null ? Passwords.askNew(io.prompt(), "'" + id + "'")
                    : Passwords.requireNonEmpty(Passwords.readLine(io.in()));
        } catch (IOException e) {
            throw CliFailure.usage("cannot read the password: " + e.getMessage());
        }
        byte[] hash;
        try {
            hash = Pbkdf2.kvHash(pw, Salt.orTest(salt));
        } finally {
            Arrays.fill(pw, '\0');
        }
        try {
            AccountsFile file = user.accounts();
            boolean existed = file.ids().contains(id);
            file.put(id, hash);
            io.out().println((existed ? "changed the password of '" : "added '") + id + "' in " + file.path());
            return ExitCodes.OK;
        } catch (IOException e) {
            throw CliFailure.failure("cannot update " + user.path() + ": " + e.getMessage());
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }
}
