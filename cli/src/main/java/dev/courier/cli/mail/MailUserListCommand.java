package dev.courier.cli.mail;

import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import dev.courier.mail.account.Passwords;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code courier mail user list}: prints the account names, one per line, sorted. */
@Command(name = "list", description = "Print the mail account names, one per line, sorted.")
final class MailUserListCommand implements Callable<Integer> {
    private final Io io;

    @ParentCommand
    MailUserCommand user;

    MailUserListCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        List<String> names = user.withAccounts(Passwords.DEFAULT_ITERATIONS, a -> a.list());
        if (names.isEmpty()) {
            io.err().println("no mail accounts in " + user.where());
        }
        names.forEach(io.out()::println);
        return ExitCodes.OK;
    }
}
