package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.account.Passwords;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier mail user del NAME}: deletes a mail account and its mailbox. */
@Command(name = "del", description = {"Delete mail account NAME and its mailbox; its sessions end, on every "
        + "server sharing the database."})
final class MailUserDelCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    MailUserCommand user;

    @Parameters(index = "0", paramLabel = "NAME", description = "The user name (any case).")
    String name;

    MailUserDelCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (!user.withAccounts(Passwords.DEFAULT_ITERATIONS, a -> a.delete(name))) {
            throw new CliFailure(ExitCodes.REFUSED, "no mail account '" + name + "'");
        }
        io.out().println("deleted mail account '" + name.toLowerCase(Locale.ROOT) + "'");
        return ExitCodes.OK;
    }
}
