package dev.courier.cli.mail;

import dev.courier.cli.CliFailure;
import dev.courier.cli.ExitCodes;
import dev.courier.cli.Io;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code courier mail user passwd NAME}: changes the password of an existing mail account. */
@Command(name = "passwd", description = {"Change the password of mail account NAME; an unknown NAME is refused. "
        + "The password is asked twice without echo on a terminal, or read as one line from standard input. "
        + "Sessions already logged in stay; the next login needs the new password."})
final class MailUserPasswdCommand implements Callable<Integer> {
    private static final int MIN_ITERATIONS = dev.courier.mail.account.Passwords.MIN_ITERATIONS;

    private final Io io;

    @ParentCommand
    MailUserCommand user;

    @Parameters(index = "0", paramLabel = "NAME", description = "The account's name (case-insensitive).")
    String name;

    @Option(names = "--iterations", paramLabel = "N",
            defaultValue = "" + dev.courier.mail.account.Passwords.DEFAULT_ITERATIONS,
            description = "PBKDF2-HMAC-SHA256 iterations of the new hash (default: ${DEFAULT-VALUE}; at least "
                    + MIN_ITERATIONS + ").")
    int iterations;

    MailUserPasswdCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        String canonical = MailUserCommand.checked(name, iterations);
        // Refuse an unknown name before asking for a password that would be thrown away.
        if (!user.withAccounts(iterations, a -> a.list().contains(canonical))) {
            throw missing(canonical);
        }
        char[] pw = MailUserCommand.newPassword(io, canonical);
        try {
            if (!user.withAccounts(iterations, a -> a.changePassword(canonical, pw))) {
                throw missing(canonical);
            }
            io.out().println("changed the password of mail account '" + canonical + "'");
            return ExitCodes.OK;
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage());
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private CliFailure missing(String canonical) {
        return new CliFailure(ExitCodes.REFUSED, "no mail account '" + canonical + "' (add it with 'courier mail "
                + "user add " + canonical + "')");
    }
}
